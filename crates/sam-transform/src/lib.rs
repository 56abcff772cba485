//! The AWS SAM transform (`AWS::Serverless-2016-10-31`), native: a SAM template in, the
//! processed CloudFormation template out, equal to what AWS's `aws-sam-translator`
//! produces (checked against AWS's own test cases in `tests/golden.rs` and against the
//! translator itself in `tests/oracle.rs`).
//!
//! Pure, like `cfn-template`: no I/O, no clock, no environment. Local code locations
//! (`CodeUri: ./src`) are left as the user wrote them; gantry maps them to folders when
//! it deploys.
//!
//! The pipeline follows the translator's order (`../shared/reference/sam-cdk.md` A.1):
//!
//! 1. check the template's structure and gather parameter values;
//! 2. refuse what gantry does not transform, naming it;
//! 3. give explicit APIs without a definition their skeleton body;
//! 4. add the implicit `ServerlessRestApi` and `ServerlessHttpApi` for events without an API;
//! 5. merge `Globals` into every SAM resource;
//! 6. translate resources: functions first (their events write into API bodies), then
//!    APIs, then the rest;
//! 7. resolve SAM's resource references (`Fn.Alias`, `Api.Stage`, ...) and renamed ids.
//!
//! ```
//! use serde_json::json;
//!
//! let sam = json!({
//!     "Transform": "AWS::Serverless-2016-10-31",
//!     "Resources": {"Fn": {"Type": "AWS::Serverless::StateMachine", "Properties": {}}}
//! });
//! assert!(sam_transform::is_sam(&sam));
//! let error = sam_transform::transform(&sam, &sam_transform::Options::default()).unwrap_err();
//! assert!(error.message().contains("gantry does not transform AWS::Serverless::StateMachine"));
//! ```

mod application;
mod error;
mod events;
mod function;
mod globals;
mod http_api;
mod ids;
mod implicit_api;
mod intrinsics;
mod layer;
mod options;
mod property_types;
mod py27;
mod python;
mod referable;
mod resource_refs;
mod rest_api;
mod simple_table;
mod template;
mod unsupported;

use indexmap::IndexMap;
use serde_json::Value;

pub use error::{Cause, Error};
pub use options::Options;

use template::Template;

/// The name of the transform this crate implements.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// The processed template and what gantry knows about how it came to be.
#[derive(Clone, Debug)]
pub struct Transformed {
    /// The processed CloudFormation template (no `Transform`, no `Globals`, no
    /// `AWS::Serverless::*` resources).
    pub template: Value,
    /// Each generated resource's logical id → the SAM resource it came from.
    pub origins: IndexMap<String, String>,
    /// Things the user should know: event sources gantry does not emulate, resources it
    /// deploys but does not serve.
    pub warnings: Vec<Warning>,
}

/// Something about a SAM resource the user should know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The SAM resource it is about.
    pub logical_id: String,
    /// The property it is about, as a dotted path in the resource's `Properties`
    /// (`Events.Queue`), when it is about one.
    pub property: Option<String>,
    /// What to know.
    pub message: String,
}

/// Whether `template` needs the SAM transform: its `Transform` names it (alone or in a list).
pub fn is_sam(template: &Value) -> bool {
    match template.get("Transform") {
        Some(Value::String(name)) => name == SAM_TRANSFORM,
        Some(Value::Array(names)) => names
            .iter()
            .any(|name| name.as_str() == Some(SAM_TRANSFORM)),
        _ => false,
    }
}

/// Runs the SAM transform on `template` (the template as JSON, YAML short forms already
/// in their long form).
pub fn transform(template: &Value, options: &Options) -> Result<Transformed, Error> {
    let mut template = Template::new(template, options)?;
    unsupported::refuse_out_of_scope(&template)?;
    if py27::applies(&template.document) {
        let ids: Vec<String> = template.resources().keys().cloned().collect();
        template.python27_resources =
            Some(py27::Keys::from_insertions(ids.iter().map(String::as_str)));
    }
    http_api::add_default_definition_bodies(&mut template);
    rest_api::add_default_definition_bodies(&mut template);
    rest_api::implicit::add_implicit_api(&mut template)?;
    template.track_implicit_api(rest_api::implicit::IMPLICIT_API_ID);
    http_api::implicit::add_implicit_api(&mut template)?;
    template.track_implicit_api(http_api::implicit::IMPLICIT_API);
    globals::apply(&mut template)?;
    // Again: Globals may have given a resource a property gantry does not transform.
    unsupported::refuse_out_of_scope(&template)?;
    translate_resources(&mut template);
    let document_error = template.fatal.take().or_else(|| {
        template
            .errors
            .iter()
            .find(|cause| cause.ends_transform)
            .cloned()
    });
    if let Some(cause) = document_error {
        return Err(cause.into());
    }
    if !template.errors.is_empty() {
        return Err(Error::new(std::mem::take(&mut template.errors)));
    }
    resource_refs::resolve(&mut template);
    Ok(finish(template))
}

/// Translates every SAM resource, collecting errors: functions first (their events write
/// into the bodies of the APIs they name), then APIs, then everything else; within each,
/// in the order the translator walks them (which decides which event a duplicate-route
/// error names).
fn translate_resources(template: &mut Template<'_>) {
    let walk = |template: &Template<'_>, resource_type: &str| {
        template.in_walk_order(template.ids_of_type(resource_type))
    };
    for logical_id in walk(template, "AWS::Serverless::Function") {
        function::translate(template, &logical_id);
    }
    for logical_id in walk(template, "AWS::Serverless::Api") {
        rest_api::translate(template, &logical_id);
    }
    for logical_id in walk(template, "AWS::Serverless::HttpApi") {
        http_api::translate(template, &logical_id);
    }
    for logical_id in walk(template, "AWS::Serverless::LayerVersion") {
        layer::translate(template, &logical_id);
    }
    for logical_id in walk(template, "AWS::Serverless::SimpleTable") {
        simple_table::translate(template, &logical_id);
    }
    for logical_id in walk(template, "AWS::Serverless::Application") {
        application::translate(template, &logical_id);
    }
}

/// The processed template: `Transform` and `Globals` removed.
fn finish(template: Template<'_>) -> Transformed {
    let mut document = template.document;
    document.shift_remove("Transform");
    document.shift_remove("Globals");
    Transformed {
        template: Value::Object(document),
        origins: template.origins,
        warnings: template.warnings,
    }
}
