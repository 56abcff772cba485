//! The deploy engine's questions to the components that will serve a stack
//! ([`DeployChecks`]): can this function run here, is this route key servable? And the
//! one file it asks the binary to read, a nested stack's template (`checks/nested.rs`),
//! and its one request to run something during the deployment, a custom resource's
//! provider (`custom_resource`, cdk.md §7).

mod nested;

mod custom_resource;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use cfn_engine::custom_resource::{
    CustomResourceFailure, CustomResourceRequest, CustomResourceResponse,
};
use cfn_engine::{CheckNote, DeployChecks, NestedTemplate, NestedTemplateRequest};
use lambda_host::{FunctionConfig, LambdaHost};
use store::model::{Function, Integration};
use tokio::runtime::Handle;

use crate::custom_resource::LazyResponseEndpoint;
use crate::env_vars::EnvVars;
use crate::function::host_function;
use cfn_engine::LocalAssets;
use store::model::Code;

/// [`DeployChecks`] answered by the function mapping and the Lambda host (runtime
/// supported, interpreter installed, code present) and by the gateway's route-key parser.
/// The deploy engine is synchronous and runs on a blocking thread, so the host's async
/// check is awaited with `block_on`.
///
/// Each function is mapped to the host's configuration here, once per deployment; the
/// caller starts functions from [`ServingChecks::into_configs`].
pub struct ServingChecks<'a> {
    host: Option<&'a LambdaHost>,
    runtime: Handle,
    template_dir: &'a Path,
    /// `--env-vars`: values for the variables functions declare.
    env_vars: Option<&'a EnvVars>,
    /// Where the S3 objects of CDK assets are locally.
    assets: Option<&'a LocalAssets>,
    /// The configuration of every function checked, by function name.
    configs: Mutex<BTreeMap<String, FunctionConfig>>,
    /// Where custom resources' providers PUT their responses (`gantry up` only).
    responses: Option<&'a LazyResponseEndpoint>,
    /// The custom resource providers put on the host so far, by function name.
    providers_started: Mutex<BTreeSet<String>>,
}

impl<'a> ServingChecks<'a> {
    /// A function as the host runs it: its CDK asset in place of S3 code, and the
    /// `--env-vars` overrides applied.
    fn map_function(
        &self,
        function: &Function,
    ) -> Result<crate::function::HostFunction, CheckNote> {
        let local;
        let function = match self.assets {
            Some(assets) => {
                local = with_local_assets(function, assets);
                &local
            }
            None => function,
        };
        let mut mapped = host_function(function, self.template_dir)?;
        if let Some(env_vars) = self.env_vars {
            env_vars.apply(
                &function.logical_id,
                &function.function_name,
                &mut mapped.config.environment,
            );
        }
        Ok(mapped)
    }

    /// Checks for a stack whose template is in `template_dir` (where local copies of S3
    /// code objects are looked for). Without a `host` functions are mapped but their
    /// interpreters not looked for (for `invoke`, which resolves the other functions of a
    /// template without running them, and the bench).
    pub fn new(host: Option<&'a LambdaHost>, runtime: Handle, template_dir: &'a Path) -> Self {
        Self {
            host,
            runtime,
            template_dir,
            env_vars: None,
            assets: None,
            configs: Mutex::new(BTreeMap::new()),
            responses: None,
            providers_started: Mutex::new(BTreeSet::new()),
        }
    }

    /// Checks that run custom resources' providers, which PUT their responses to
    /// `responses` (cdk.md §7).
    #[must_use]
    pub fn with_custom_resources(mut self, responses: Option<&'a LazyResponseEndpoint>) -> Self {
        self.responses = responses;
        self
    }

    fn lock_configs(&self) -> MutexGuard<'_, BTreeMap<String, FunctionConfig>> {
        self.configs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_providers(&self) -> MutexGuard<'_, BTreeSet<String>> {
        self.providers_started
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks that give functions the values of an `--env-vars` file.
    #[must_use]
    pub fn with_env_vars(mut self, env_vars: Option<&'a EnvVars>) -> Self {
        self.env_vars = env_vars;
        self
    }

    /// Checks that find a function's or layer's S3 code object among `assets` (a CDK
    /// asset manifest's objects; cdk.md §2.2).
    #[must_use]
    pub fn with_assets(mut self, assets: &'a LocalAssets) -> Self {
        self.assets = Some(assets);
        self
    }

    /// The host's configuration of every function checked, by function name.
    pub fn into_configs(self) -> BTreeMap<String, FunctionConfig> {
        self.configs
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl DeployChecks for ServingChecks<'_> {
    fn check_function(&self, function: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        let mapped = self.map_function(function)?;
        let mut warnings = mapped.warnings;
        if let Some(host) = self.host {
            let host_warnings = self
                .runtime
                .block_on(host.check(&mapped.config))
                .map_err(|e| host_note(&e))?;
            warnings.extend(
                host_warnings
                    .iter()
                    .map(|warning| CheckNote::resource(warning.to_string())),
            );
        }
        self.configs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(function.function_name.clone(), mapped.config);
        Ok(warnings)
    }

    fn check_route_key(&self, route_key: &str) -> Result<(), CheckNote> {
        apigw::route::RouteKey::parse(route_key)
            .map(drop)
            .map_err(|e| CheckNote::resource(e.to_string()))
    }

    fn check_integration(&self, integration: &Integration) -> Result<Vec<CheckNote>, CheckNote> {
        apigw::http_proxy::check_integration(integration)
            .map(|warnings| warnings.into_iter().map(CheckNote::resource).collect())
            .map_err(|(property, message)| CheckNote::property(property, message))
    }

    fn nested_template(
        &self,
        request: &NestedTemplateRequest<'_>,
    ) -> Result<NestedTemplate, CheckNote> {
        nested::read(request)
    }

    fn invoke_custom_resource(
        &self,
        request: &CustomResourceRequest,
    ) -> Result<CustomResourceResponse, CustomResourceFailure> {
        self.invoke_provider(request)
    }

    fn check_gateway_response_type(&self, response_type: &str) -> Result<(), CheckNote> {
        match apigw::rest::GatewayResponseType::parse(response_type) {
            Some(_) => Ok(()),
            None => Err(CheckNote::property(
                "ResponseType",
                format!(
                    "must be one of API Gateway's gateway response types ({}), found {response_type:?}",
                    apigw::rest::GatewayResponseType::ALL
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

/// The Lambda host's refusal, tied to the property it is about.
fn host_note(error: &lambda_host::Error) -> CheckNote {
    use lambda_host::Error;
    let property = match error {
        Error::UnsupportedRuntime { .. }
        | Error::InterpreterNotFound { .. }
        | Error::InterpreterUnusable { .. } => Some("Runtime"),
        Error::InvalidFunctionConfig { field, .. } => Some(*field),
        Error::CodeUnavailable { .. } | Error::Zip { .. } => Some("Code"),
        _ => None,
    };
    CheckNote {
        property,
        message: error.to_string(),
    }
}

/// `function` with each S3 code object that is a local asset (its own `Code`, its layers'
/// `Content`) replaced by the asset's local path (cdk.md §2.2).
fn with_local_assets(function: &Function, assets: &LocalAssets) -> Function {
    let local = |code: &Code| match code {
        Code::S3 { bucket, key, .. } => assets.find(bucket, key).map(|path| Code::LocalPath {
            path: path.to_owned(),
        }),
        _ => None,
    };
    let mut function = function.clone();
    if let Some(code) = local(&function.code) {
        function.code = code;
    }
    for layer in &mut function.layer_contents {
        if let Some(code) = local(&layer.content) {
            layer.content = code;
        }
    }
    function
}
