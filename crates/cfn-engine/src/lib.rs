//! gantry's deploy engine: turns a validated template into deployed resources, in
//! dependency order, through one provider per CloudFormation type, and rolls back when a
//! resource fails.
//!
//! It writes nothing until the whole stack has deployed: the result is a new
//! [`store::StackRecord`] the caller persists and serves in one step, so a failed
//! deployment leaves the previous one serving and nothing half-deployed is ever seen.
//!
//! It deliberately knows nothing of HTTP or processes: checks that need the serving
//! components (can this function run here?) come in through [`DeployChecks`], and so does
//! the one thing run during a deployment, a custom resource's provider, whose request and
//! response are [`custom_resource`]'s.

mod assets;
mod change;
pub mod custom_resource;
mod deploy;
mod dynamic_reference;
mod events;
mod naming;
mod properties;
mod provider;
mod providers;
mod resolver;
mod upgrade;

pub use assets::LocalAssets;
pub use deploy::{DeployError, DeployRequest, DeployWarning, Deployed, deploy};
pub use events::{EventSink, ResourceStatus, STACK_RESOURCE_TYPE, StackEvent};
pub use naming::IdSource;
pub use provider::{
    CheckNote, DeployChecks, LocalEndpoints, NestedTemplate, NestedTemplateRequest, ProviderError,
    SourceLines, StackContext, TemplateNote,
};
pub use providers::{event_source_note, supported_types};
pub use upgrade::StateUpgrade;
