//! Fuzz everything after the parser too: validation, planning, evaluation of every
//! planned resource and output against a resolver that answers everything, and the
//! text renderer.
#![no_main]

use cfn_template::{Inputs, Resolve, validate};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

struct Everything;

impl Resolve for Everything {
    fn ref_value(&self, logical_id: &str) -> Option<Value> {
        Some(json!(format!("{logical_id}-id")))
    }
    fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Value> {
        Some(json!(format!("{logical_id}.{attribute}")))
    }
    fn import_value(&self, export_name: &str) -> Option<Value> {
        Some(json!(export_name))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(validation) = validate(text, &Inputs::default()) else { return };
    let _ = validation.render(text, "fuzz.yaml");
    let _ = validation.to_json();
    if let Some(plan) = &validation.plan {
        for logical_id in plan.order() {
            let _ = plan.resolve_properties(logical_id, &Everything);
            let _ = plan.resolve_metadata(logical_id, &Everything);
        }
        for output in plan.active_outputs() {
            let _ = plan.resolve_output(&output.logical_id, &Everything);
        }
    }
});
