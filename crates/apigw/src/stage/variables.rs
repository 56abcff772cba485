//! Stage variables in configuration strings: `${stageVariables.name}` in an
//! `IntegrationUri` (a function name, an alias, a URL) is replaced with the stage's value
//! (§6.3, §7.1).

use std::fmt;

/// What opens a stage-variable reference.
const OPEN: &str = "${stageVariables.";

/// A `${stageVariables.name}` whose stage does not define `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVariable {
    /// The variable's name.
    pub name: String,
}

impl fmt::Display for MissingVariable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "${{stageVariables.{}}} is not defined on this stage; add it to the stage's StageVariables",
            self.name
        )
    }
}

impl std::error::Error for MissingVariable {}

/// Whether `text` refers to any stage variable.
pub fn has_stage_variables(text: &str) -> bool {
    text.contains(OPEN)
}

/// `text` with every `${stageVariables.name}` replaced by the stage's value for `name`;
/// the first name the stage does not define is the error. Text that only looks like a
/// reference (no closing `}`) is kept as written.
// Unconfirmed: AWS's handling of an unterminated `${stageVariables.` is not documented.
pub fn resolve_stage_variables(
    text: &str,
    variables: &[(String, String)],
) -> Result<String, MissingVariable> {
    let mut resolved = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find('}') else {
            break;
        };
        let name = &after[..end];
        let value = variables
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| MissingVariable {
                name: name.to_owned(),
            })?;
        resolved.push_str(&rest[..start]);
        resolved.push_str(value);
        rest = &after[end + 1..];
    }
    resolved.push_str(rest);
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn stage_variables_in_a_function_arn_are_replaced() {
        let uri = "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}";
        assert_eq!(
            resolve_stage_variables(uri, &vars(&[("fn", "orders-prod")])).unwrap(),
            "arn:aws:lambda:us-east-1:123456789012:function:orders-prod"
        );
    }

    #[test]
    fn several_variables_and_an_alias_in_an_invocations_uri() {
        let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:${stageVariables.fn}:${stageVariables.alias}/invocations";
        assert_eq!(
            resolve_stage_variables(uri, &vars(&[("fn", "f"), ("alias", "live")])).unwrap(),
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f:live/invocations"
        );
    }

    #[test]
    fn a_variable_the_stage_lacks_is_named() {
        let error = resolve_stage_variables("https://${stageVariables.host}/x", &[]).unwrap_err();
        assert_eq!(error.name, "host");
        assert!(error.to_string().contains("${stageVariables.host}"));
    }

    #[test]
    fn text_without_references_is_unchanged() {
        for text in ["plain", "${other.x}", "${stageVariables.open", ""] {
            assert_eq!(resolve_stage_variables(text, &[]).unwrap(), text);
        }
        assert!(!has_stage_variables("${stageVariable.x}"));
        assert!(has_stage_variables("a${stageVariables.x}"));
    }

    #[test]
    fn names_are_case_sensitive() {
        let error = resolve_stage_variables("${stageVariables.Fn}", &vars(&[("fn", "f")]));
        assert_eq!(error.unwrap_err().name, "Fn");
    }
}
