//! YAML plain scalars: which are null, booleans, numbers (kept as text) or strings.

use super::NodeKind;

/// Resolves an untagged plain scalar with the YAML 1.2 core schema, keeping the text of
/// numbers.
///
/// Unconfirmed: CloudFormation's YAML parser is described as YAML 1.1, which would also
/// read `yes`/`no`/`on`/`off` as booleans; we keep them as strings (YAML 1.2), as
/// cfn-lint does. `.inf` and `.nan` stay strings: JSON has no such numbers.
pub(super) fn plain_scalar(text: String) -> NodeKind {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ if is_number(&text) => NodeKind::Number(text),
        _ => NodeKind::String(text),
    }
}

/// YAML 1.2 core-schema integers and floats (decimal, `0o` octal, `0x` hex).
pub(super) fn is_number(text: &str) -> bool {
    if let Some(digits) = text.strip_prefix("0o") {
        return !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if let Some(digits) = text.strip_prefix("0x") {
        return !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        None => !whole.is_empty() && all_digits(whole),
        Some(fraction) => {
            all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
    };
    let exponent_ok = exponent.is_none_or(|exp| {
        let digits = exp.strip_prefix(['-', '+']).unwrap_or(exp);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}
