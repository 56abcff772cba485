//! IAM's wildcard matching: `*` (any run of characters, `/` included) and `?` (one
//! character), in the three flavours IAM uses.
//!
//! - actions: case-insensitive ("The prefix and the action name are case insensitive",
//!   IAM JSON policy elements: Action);
//! - strings (`StringLike`): case-sensitive over the whole value;
//! - ARNs (`Resource`, `ArnLike`, `ArnEquals`): case-sensitive, the six colon-separated
//!   parts matched separately, except that a `*` ending the pattern's last part may run
//!   across colons (IAM JSON policy elements: Resource, "Using wildcards in resource ARNs").

/// Number of colon-separated parts of an ARN: `arn:partition:service:region:account:resource`.
const ARN_PARTS: usize = 6;

/// Case-insensitive match of an action pattern like `lambda:Invoke*`.
pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    glob(pattern.as_bytes(), action.as_bytes(), true)
}

/// Case-sensitive match over the whole string (`StringLike`).
pub(crate) fn string_like(pattern: &str, value: &str) -> bool {
    glob(pattern.as_bytes(), value.as_bytes(), false)
}

/// Case-sensitive ARN match, part by part (`Resource`, `ArnLike`, `ArnEquals`).
pub(crate) fn arn_like(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let pattern_parts: Vec<&str> = pattern.splitn(ARN_PARTS, ':').collect();
    let value_parts: Vec<&str> = value.splitn(ARN_PARTS, ':').collect();
    if value_parts.len() < ARN_PARTS {
        return false;
    }
    let Some((last, leading)) = pattern_parts.split_last() else {
        return false;
    };
    if pattern_parts.len() < ARN_PARTS && !last.ends_with('*') {
        return false;
    }
    let leading_match = leading
        .iter()
        .zip(&value_parts)
        .all(|(p, v)| string_like(p, v));
    // The pattern's last part is matched against the rest of the value, colons included.
    let rest_offset: usize = value_parts[..leading.len()]
        .iter()
        .map(|p| p.len() + 1)
        .sum();
    leading_match && string_like(last, &value[rest_offset..])
}

/// Iterative wildcard match with single-star backtracking; linear in practice and never
/// recursive, so hostile patterns cannot blow the stack.
fn glob(pattern: &[u8], value: &[u8], ignore_case: bool) -> bool {
    let same = |a: u8, b: u8| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut p, mut v) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, v));
                p += 1;
            }
            Some(b'?') => {
                p += 1;
                v += utf8_len(value[v]);
            }
            Some(&c) if same(c, value[v]) => {
                p += 1;
                v += 1;
            }
            _ => match star {
                Some((star_p, star_v)) => {
                    let next = star_v + utf8_len(value[star_v]);
                    star = Some((star_p, next));
                    p = star_p + 1;
                    v = next;
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*') && v == value.len()
}

/// Bytes in the UTF-8 character starting with `lead`, so `?` and `*` step over whole
/// characters.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn actions_match_case_insensitively() {
        assert!(action_matches(
            "lambda:InvokeFunction",
            "LAMBDA:invokefunction"
        ));
        assert!(action_matches("lambda:*", "lambda:InvokeFunction"));
        assert!(action_matches("lambda:Invoke*", "lambda:InvokeFunction"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(!action_matches("lambda:Get*", "lambda:InvokeFunction"));
        assert!(!action_matches("s3:*", "lambda:InvokeFunction"));
    }

    #[test]
    fn string_like_is_case_sensitive_and_star_crosses_slashes() {
        assert!(string_like("abc/*", "abc/$default/GET/pets"));
        assert!(string_like("a?c", "abc"));
        assert!(!string_like("a?c", "ac"));
        assert!(!string_like("ABC/*", "abc/x"));
        assert!(string_like("*", ""));
        assert!(!string_like("?", ""));
        assert!(string_like("a*b*c", "a-b-b-c"));
    }

    #[test]
    fn arn_parts_match_separately() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
        assert!(arn_like("arn:aws:lambda:*:123456789012:function:fn", arn));
        assert!(arn_like("arn:aws:lambda:us-east-1:*:function:*", arn));
        assert!(!arn_like(
            "arn:aws:lambda:us-*-1:123456789012:function:FN",
            arn
        ));
        // A star in the middle of a part does not run into the next part.
        assert!(!arn_like("arn:aws:lambda:us-*:function:fn", arn));
    }

    #[test]
    fn trailing_star_of_the_last_part_crosses_colons() {
        let qualified = "arn:aws:lambda:us-east-1:123456789012:function:fn:prod";
        assert!(arn_like(
            "arn:aws:lambda:us-east-1:123456789012:function:fn:*",
            qualified
        ));
        assert!(arn_like(
            "arn:aws:lambda:us-east-1:123456789012:function:fn*",
            qualified
        ));
        assert!(arn_like("arn:aws:lambda:*", qualified));
        assert!(!arn_like(
            "arn:aws:lambda:us-east-1:123456789012:function:fn",
            qualified
        ));
        assert!(!arn_like("arn:aws:lambda", qualified));
    }

    #[test]
    fn non_arn_values_never_match_an_arn_pattern() {
        assert!(!arn_like("arn:aws:*", "not-an-arn"));
        assert!(arn_like("*", "not-an-arn"));
    }

    proptest! {
        #[test]
        fn literal_patterns_match_only_themselves(a in "[a-z:/$]{0,12}", b in "[a-z:/$]{0,12}") {
            prop_assert_eq!(string_like(&a, &b), a == b);
        }

        #[test]
        fn star_suffix_matches_every_extension(prefix in "[a-z/]{0,8}", rest in "\\PC{0,8}") {
            let pattern = format!("{prefix}*");
            let value = format!("{prefix}{rest}");
            prop_assert!(string_like(&pattern, &value));
        }

        #[test]
        fn matching_never_panics(pattern in "\\PC{0,16}", value in "\\PC{0,16}") {
            let _ = string_like(&pattern, &value);
            let _ = arn_like(&pattern, &value);
            let _ = action_matches(&pattern, &value);
        }
    }
}
