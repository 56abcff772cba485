//! The CloudFormation template language, as a pure library: parsing (JSON, and YAML
//! with short-form tags), the template model, intrinsic functions and conditions, the
//! dependency graph and deployment order, resource type knowledge from AWS's published
//! schemas, and diagnostics with template paths, lines and columns.
//!
//! What it deliberately does not do: no I/O, no clock, no randomness, no environment,
//! no async. Everything a template needs from the outside world (region, account,
//! parameter values, what deployed resources return for `Ref`/`Fn::GetAtt`) comes in
//! as arguments. It does not deploy anything, and it does not run transforms: SAM
//! templates (`AWS::Serverless-2016-10-31`) are transformed before validation (gantry
//! uses the `sam-transform` crate); an untransformed SAM template and other macros get
//! one clear diagnostic.
//!
//! The entry point is [`validate()`]; the deploy engine then uses the returned [`Plan`]:
//!
//! ```
//! use cfn_template::{validate, Inputs, Resolve};
//! use serde_json::{json, Value};
//!
//! let template = r#"
//! Parameters:
//!   Stage: {Type: String, Default: test}
//! Resources:
//!   Role:
//!     Type: AWS::IAM::Role
//!     Properties:
//!       AssumeRolePolicyDocument: {}
//!   Function:
//!     Type: AWS::Lambda::Function
//!     Properties:
//!       Role: !GetAtt Role.Arn
//!       Code: {ZipFile: "exports.handler = async () => 'ok'"}
//!       MemorySize: 128
//!       Description: !Sub "${Stage} in ${AWS::Region}"
//! "#;
//! let validation = validate(template, &Inputs::default().with_parameter("Stage", "prod")).unwrap();
//! assert!(validation.is_valid(), "{:?}", validation.diagnostics);
//! let plan = validation.plan.unwrap();
//! assert_eq!(plan.order(), ["Role", "Function"]);
//!
//! /// What the deploy engine knows about resources it has created.
//! struct Deployed;
//! impl Resolve for Deployed {
//!     fn ref_value(&self, logical_id: &str) -> Option<Value> {
//!         (logical_id == "Role").then(|| json!("stack-Role-ABC"))
//!     }
//!     fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Value> {
//!         (logical_id == "Role" && attribute == "Arn")
//!             .then(|| json!("arn:aws:iam::123456789012:role/stack-Role-ABC"))
//!     }
//! }
//! let properties = plan.resolve_properties("Function", &Deployed).unwrap();
//! assert_eq!(properties["Role"], "arn:aws:iam::123456789012:role/stack-Role-ABC");
//! assert_eq!(properties["MemorySize"], "128"); // numbers keep their text
//! assert_eq!(properties["Description"], "prod in us-east-1");
//! ```

mod conditions;
pub mod diagnostic;
pub mod error;
pub mod eval;
pub mod graph;
pub mod inputs;
pub mod intrinsic;
pub mod model;
pub mod parameters;
pub mod plan;
mod position;
mod rules;
pub mod schema;
pub mod syntax;
pub mod validate;
pub mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};
pub use eval::Resolve;
pub use inputs::{Inputs, ParameterOverride};
pub use model::Template;
pub use plan::{Plan, ResolvedOutput};
pub use validate::{Validation, validate};
