//! The string of `Fn::Sub`, split into literal text and `${...}` variables.

use crate::value::SubPart;

/// Splits an `Fn::Sub` string into parts.
///
/// `${Name}` is a variable; `${!Text}` is the literal `${Text}`; a `$` not followed by
/// `{`, or a `${` without a closing `}`, is literal text.
///
/// ```
/// use cfn_template::intrinsic::{parse_sub, SubPart};
///
/// let parts = parse_sub("arn:${AWS::Partition}:s3:::${!Bucket}").unwrap();
/// assert_eq!(parts, vec![
///     SubPart::Literal("arn:".into()),
///     SubPart::Variable("AWS::Partition".into()),
///     SubPart::Literal(":s3:::${Bucket}".into()),
/// ]);
/// ```
///
/// # Errors
///
/// An empty variable `${}` is an error, described by the returned text.
pub fn parse_sub(text: &str) -> Result<Vec<SubPart>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        if let Some(escaped) = after.strip_prefix('!') {
            literal.push_str("${");
            rest = escaped;
            continue;
        }
        let Some(end) = after.find('}') else {
            literal.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if name.is_empty() {
            return Err("Fn::Sub has an empty variable `${}`".to_owned());
        }
        if !literal.is_empty() {
            parts.push(SubPart::Literal(std::mem::take(&mut literal)));
        }
        parts.push(SubPart::Variable(name.to_owned()));
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(SubPart::Literal(literal));
    }
    Ok(parts)
}
