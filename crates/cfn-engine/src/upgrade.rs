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
