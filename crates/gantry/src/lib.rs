//! gantry's wiring, shared by the `gantry` binary and the bench's gateway-only: how a
//! stack is described on the command line ([`settings`]), how the deploy engine's checks
//! are answered by the serving components ([`checks`]; custom resources' providers answer
//! to the HTTPS `ResponseURL` of [`custom_resource`]), and how a deployed function
//! becomes a running one ([`function`]); SAM templates and SAM CLI's conventions ([`sam`],
//! [`samconfig`], [`env_vars`], the template taken when none is named: [`discover`]); CDK cloud assemblies ([`cdk`]).
//!
//! Everything else of the binary (commands, console, the HTTP server) lives in `main.rs`
//! and its modules.

pub mod cdk;
pub mod checks;
pub mod custom_resource;
pub mod discover;
pub mod env_vars;
pub mod function;
pub mod sam;
pub mod samconfig;
pub mod settings;
