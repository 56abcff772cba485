//! Upgrading state an earlier gantry wrote: the store keeps the schema history, the
//! engine supplies the translations only it knows.

use store::model::Function;
use store::{FunctionV1, Upgrade};

use crate::providers::lambda::function::{FunctionSource, translate};

/// The deploy engine's side of [`store::Store::open_upgrading`].
#[derive(Debug, Clone, Copy, Default)]
pub struct StateUpgrade;

impl Upgrade for StateUpgrade {
    /// Schema 1 kept a function's evaluated properties; they are translated exactly as a
    /// deployment translates them, names and ARN kept.
    fn function_v1(&self, function: FunctionV1) -> Result<Function, String> {
        let source = FunctionSource {
            logical_id: &function.logical_id,
            properties: &function.properties,
            metadata: &function.metadata,
            template_dir: &function.template_dir,
        };
        translate(&source, function.function_name, function.function_arn)
            .map(|(function, _warnings)| function)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;
    use store::model::Code;

    use super::*;

    fn v1(properties: serde_json::Value) -> FunctionV1 {
        FunctionV1 {
            logical_id: "EchoFunction".into(),
            function_name: "seed-EchoFunction-XTUYTD2pAeLp".into(),
            function_arn:
                "arn:aws:lambda:us-east-1:123456789012:function:seed-EchoFunction-XTUYTD2pAeLp"
                    .into(),
            properties,
            metadata: serde_json::Value::Null,
            template_dir: PathBuf::from("project"),
        }
    }

    #[test]
    fn a_schema_1_function_becomes_the_model_a_deployment_makes_with_its_names() {
        let function = StateUpgrade
            .function_v1(v1(json!({
                "Runtime": "nodejs20.x", "Handler": "index.handler",
                "Role": "arn:aws:iam::123456789012:role/r", "Code": "./echo",
                "Timeout": "5", "MemorySize": "256", "ReservedConcurrentExecutions": "2",
                "Environment": {"Variables": {"GREETING": "hello"}}
            })))
            .unwrap();
        assert_eq!(function.function_name, "seed-EchoFunction-XTUYTD2pAeLp");
        assert!(
            function
                .function_arn
                .ends_with(":function:seed-EchoFunction-XTUYTD2pAeLp")
        );
        assert_eq!((function.timeout, function.memory_size), (5, 256));
        assert_eq!(function.reserved_concurrent_executions, Some(2));
        assert_eq!(function.environment["GREETING"], "hello");
        assert_eq!(
            function.code,
            Code::LocalPath {
                path: PathBuf::from("project/./echo")
            }
        );
    }

    #[test]
    fn a_schema_1_function_todays_translation_refuses_says_why() {
        let reason = StateUpgrade
            .function_v1(v1(
                json!({"Runtime": "nodejs20.x", "Code": {"ZipFile": "x"}}),
            ))
            .unwrap_err();
        assert_eq!(reason, "Properties.Role is required");
    }
}
