//! `--env-vars FILE`, in SAM CLI's format: a JSON object whose `Parameters` member holds
//! values for every function and whose other members, keyed by a function's logical id
//! (or its function name), hold values for that function:
//!
//! ```json
//! {"Parameters": {"TABLE": "local"}, "OrdersFunction": {"TABLE": "orders-local"}}
//! ```
//!
//! As in SAM CLI, a value replaces only a variable the function already declares in its
//! `Environment.Variables` (the file cannot add variables), and a function's own values
//! win over `Parameters`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// The member holding values for every function.
const PARAMETERS: &str = "Parameters";

/// The values of an `--env-vars` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvVars {
    /// `Parameters`: for every function.
    all: BTreeMap<String, String>,
    /// Per function logical id or function name.
    functions: BTreeMap<String, BTreeMap<String, String>>,
}

impl EnvVars {
    /// Reads and checks the file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --env-vars file {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("--env-vars file {}: {e}", path.display()))
    }

    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let document: Value = serde_json::from_str(text).map_err(|e| {
            format!("is not JSON ({e}); write {{\"FunctionLogicalId\": {{\"VAR\": \"value\"}}, \"Parameters\": {{\"VAR\": \"value\"}}}}")
        })?;
        let Value::Object(members) = document else {
            return Err(
                "must be a JSON object keyed by function logical id or `Parameters`".into(),
            );
        };
        let mut env_vars = Self::default();
        for (name, values) in members {
            let values = variables(&name, &values)?;
            if name == PARAMETERS {
                env_vars.all = values;
            } else {
                env_vars.functions.insert(name, values);
            }
        }
        Ok(env_vars)
    }

    /// Applies the values to a function's `environment` (its declared variables only):
    /// `Parameters`, then the member named by its logical id, else by its function name.
    pub fn apply(
        &self,
        logical_id: &str,
        function_name: &str,
        environment: &mut BTreeMap<String, String>,
    ) {
        let own = self
            .functions
            .get(logical_id)
            .or_else(|| self.functions.get(function_name));
        for source in std::iter::once(&self.all).chain(own) {
            for (name, value) in source {
                if let Some(declared) = environment.get_mut(name) {
                    value.clone_into(declared);
                }
            }
        }
    }
}

/// One member's variables; scalars become their text, as SAM CLI passes them.
// Unconfirmed: how SAM CLI renders a non-string scalar (numbers and booleans as their
// JSON text here); lists and objects are refused (docs/sam.md).
fn variables(member: &str, values: &Value) -> Result<BTreeMap<String, String>, String> {
    let Value::Object(values) = values else {
        return Err(format!(
            "`{member}` must be an object of variable names to values"
        ));
    };
    values
        .iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                _ => {
                    return Err(format!(
                        "`{member}.{name}` must be a string, number or boolean"
                    ));
                }
            };
            Ok((name.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_replace_declared_variables_only_the_function_s_own_winning() {
        let env_vars = EnvVars::parse(
            r#"{"Parameters": {"A": "all", "B": "all", "NEW": "x"}, "Fn": {"B": "fn", "C": 3}}"#,
        )
        .unwrap();
        let mut env = environment(&[("A", "t"), ("B", "t"), ("C", "t"), ("D", "t")]);
        env_vars.apply("Fn", "stack-Fn-123", &mut env);
        assert_eq!(
            env,
            environment(&[("A", "all"), ("B", "fn"), ("C", "3"), ("D", "t")])
        );
        let mut other = environment(&[("B", "t")]);
        env_vars.apply("Other", "stack-Other", &mut other);
        assert_eq!(other, environment(&[("B", "all")]));
    }

    #[test]
    fn a_function_may_be_named_by_its_function_name() {
        let env_vars = EnvVars::parse(r#"{"my-fn": {"A": "1"}}"#).unwrap();
        let mut env = environment(&[("A", "t")]);
        env_vars.apply("Fn", "my-fn", &mut env);
        assert_eq!(env["A"], "1");
    }

    #[test]
    fn malformed_files_are_refused_with_the_format() {
        for text in ["[]", "{\"Fn\": 1}", "{\"Fn\": {\"A\": [1]}}", "nope"] {
            assert!(EnvVars::parse(text).is_err(), "{text}");
        }
    }
}
