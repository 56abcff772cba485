//! What the gateway serves: every deployed HTTP API and REST API (the latter by
//! [`crate::rest`]'s compiler) compiled from the stored resource
//! models into lookup-ready form (stage and route tables, authorizers, integration
//! targets and the invoke-permission verdict of each stage × route).
//!
//! A [`Deployment`] is immutable; a stack update compiles a new one and swaps it in, so a
//! request sees either the old APIs or the new ones, never a mix. Everything that does
//! not depend on the request (which function an integration invokes, whether API Gateway
//! may invoke it) is decided here, once, not per request.

mod compile;
mod http_proxy_target;
mod stage_route;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use store::model::AuthorizationType;
use store::model::PayloadFormatVersion;

use crate::cors::CorsPolicy;
use crate::domain::DomainTable;
use crate::http_proxy::HttpProxyIntegration;
use crate::iam::IamRoles;
use crate::jwt::JwtAuthorizer;
use crate::lambda_authorizer::LambdaAuthorizer;
use crate::permission::InvokePermission;
use crate::rest::ServedRestApi;
use crate::rest::api_key::{PrintedKey, UsagePlans};
pub use crate::rest::served::RestMapping;
use crate::route::{RouteKey, RouteTable};
use crate::stage::{StageAccessLog, StageTable};

pub use compile::{CompileError, compile};
pub(crate) use stage_route::StageRoute;

/// Every API being served.
#[derive(Debug, Default)]
pub struct Deployment {
    apis: BTreeMap<String, Arc<ServedApi>>,
    /// REST APIs (v1), by id (aws-rest-api.md §1).
    rest_apis: BTreeMap<String, Arc<ServedRestApi>>,
    /// Every API key and usage plan, account-wide (aws-rest-api.md §5).
    pub(crate) usage_plans: Arc<UsagePlans>,
    /// Custom domain names with REST base path mappings.
    rest_domains: DomainTable<RestMapping>,
    /// The stacks' roles, for `AWS_IAM` callers signing with role credentials.
    pub(crate) iam_roles: IamRoles,
    /// Custom domain names and their API mappings (§7.4).
    domains: DomainTable<ServedMapping>,
}

/// Where an API mapping of a custom domain name leads.
#[derive(Debug)]
pub struct ServedMapping {
    /// The mapped API.
    pub api: Arc<ServedApi>,
    /// The mapped stage's name.
    pub stage: String,
}

/// How a request's host named (or did not name) an API.
#[derive(Debug)]
pub enum ApiSelection<'d> {
    /// The HTTP API to serve.
    Found(&'d ServedApi),
    /// The REST API to serve.
    Rest(&'d ServedRestApi),
    /// The host names an API id that is not deployed.
    UnknownApi(String),
    /// Several APIs are deployed and the host names none of them.
    Ambiguous(Vec<String>),
    /// Nothing is deployed.
    NoApis,
}

impl Deployment {
    /// Selects the API (HTTP or REST) for a `Host` header value:
    /// `{apiId}.execute-api.<anything>` names it; when exactly one API of either kind is
    /// deployed, every other host reaches it too, so `curl http://127.0.0.1:3000/path`
    /// works.
    pub fn select_api(&self, host: &str) -> ApiSelection<'_> {
        // Host names are case-insensitive; API ids are lower case.
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(host.to_ascii_lowercase())
        } else {
            Cow::Borrowed(host)
        };
        if let Some(api_id) = api_id_from_host(&host) {
            return match (self.apis.get(api_id), self.rest_apis.get(api_id)) {
                (Some(api), _) => ApiSelection::Found(api),
                (None, Some(api)) => ApiSelection::Rest(api),
                (None, None) => ApiSelection::UnknownApi(api_id.to_owned()),
            };
        }
        match (self.apis.len(), self.rest_apis.len()) {
            (0, 0) => ApiSelection::NoApis,
            (1, 0) => self
                .apis
                .values()
                .next()
                .map_or(ApiSelection::NoApis, |api| ApiSelection::Found(api)),
            (0, 1) => self
                .rest_apis
                .values()
                .next()
                .map_or(ApiSelection::NoApis, |api| ApiSelection::Rest(api)),
            _ => {
                let mut ids: Vec<String> = self.apis.keys().cloned().collect();
                ids.extend(self.rest_apis.keys().cloned());
                ids.sort();
                ApiSelection::Ambiguous(ids)
            }
        }
    }

    /// The REST APIs, by id.
    pub fn rest_apis(&self) -> impl Iterator<Item = &ServedRestApi> {
        self.rest_apis.values().map(AsRef::as_ref)
    }

    /// The custom domain names with REST base path mappings.
    pub fn rest_domains(&self) -> &DomainTable<RestMapping> {
        &self.rest_domains
    }

    /// Every API key, for `gantry up`'s listing (aws-rest-api.md §5).
    pub fn api_keys(&self) -> Vec<PrintedKey> {
        self.usage_plans.printed_keys()
    }

    /// The APIs, by id.
    pub fn apis(&self) -> impl Iterator<Item = &ServedApi> {
        self.apis.values().map(AsRef::as_ref)
    }

    /// The custom domain names, with their API mappings.
    pub fn domains(&self) -> &DomainTable<ServedMapping> {
        &self.domains
    }
}

/// `{apiId}.execute-api.…` → `apiId`.
fn api_id_from_host(host: &str) -> Option<&str> {
    let host = host.split(':').next().unwrap_or(host);
    let (api_id, rest) = host.split_once('.')?;
    rest.starts_with("execute-api.").then_some(api_id)
}

/// One HTTP API, ready to serve.
#[derive(Debug)]
pub struct ServedApi {
    /// The API id.
    pub api_id: String,
    /// Its name.
    pub name: String,
    /// The API's `ApiEndpoint` (local URL).
    pub api_endpoint: String,
    /// `AWS::Partition` of its stack.
    pub partition: &'static arn::Partition,
    /// `AWS::Region` of its stack.
    pub region: String,
    /// The owning account.
    pub account_id: String,
    /// `DisableExecuteApiEndpoint`: the default endpoint refuses every request.
    pub disable_execute_api_endpoint: bool,
    /// Stages by name.
    pub stages: StageTable<ServedStage>,
    /// Routes by key.
    pub routes: RouteTable<ServedRoute>,
    /// `CorsConfiguration`, compiled (§8).
    pub cors: Option<Arc<CorsPolicy>>,
    /// The verdict of the invoke-permission check, by `[stage.index][route.index]`.
    pub(crate) permissions: Vec<Vec<Option<InvokePermission>>>,
    /// What each route does on each stage (integration resolved with the stage's
    /// variables, throttle), by `[stage.index][route.index]`.
    pub(crate) stage_routes: Vec<Vec<StageRoute>>,
}

impl ServedApi {
    /// The invoke-permission verdict for a route on a stage; `None` when the route has no
    /// Lambda integration to check.
    pub fn permission(
        &self,
        stage: &ServedStage,
        route: &ServedRoute,
    ) -> Option<&InvokePermission> {
        self.permissions
            .get(stage.index)?
            .get(route.index)?
            .as_ref()
    }
}

/// A stage of a served API.
#[derive(Debug)]
pub struct ServedStage {
    /// The stage name.
    pub name: String,
    /// `StageVariables`, for the event.
    pub variables: Vec<(String, String)>,
    /// Why the stage serves nothing (no `AutoDeploy`, `DeploymentId` or `Deployment`
    /// naming it); `None` when it serves the API's routes.
    pub undeployed: Option<String>,
    /// `AccessLogSettings`, compiled.
    pub access_log: Option<Arc<StageAccessLog>>,
    pub(crate) index: usize,
}

/// A route of a served API.
#[derive(Debug)]
pub struct ServedRoute {
    /// The route id.
    pub route_id: String,
    /// The route key.
    pub route_key: RouteKey,
    /// How requests are authorized.
    pub authorization: RouteAuthorization,
    /// The route's `AuthorizationType` as declared (what [`RouteAuthorization::Unsupported`]
    /// was meant to be).
    pub authorization_type: AuthorizationType,
    /// Where requests go.
    pub integration: RouteIntegration,
    pub(crate) index: usize,
}

/// A route's authorization.
#[derive(Debug, Clone)]
pub enum RouteAuthorization {
    /// `AuthorizationType: NONE`.
    None,
    /// A JWT authorizer with the route's `AuthorizationScopes`.
    Jwt {
        /// The authorizer (shared by its routes, with its token cache).
        authorizer: Arc<JwtAuthorizer>,
        /// `AuthorizationScopes`.
        scopes: Vec<String>,
    },
    /// A Lambda `REQUEST` authorizer (`AuthorizationType: CUSTOM`).
    Lambda {
        /// The authorizer (shared by its routes, with its result cache).
        authorizer: Arc<LambdaAuthorizer>,
    },
    /// `AWS_IAM`: a SigV4-signed caller allowed `execute-api:Invoke` on the route (§12).
    Iam,
    /// An authorization gantry cannot perform yet; requests get 500 with this reason.
    Unsupported(String),
}

/// A route's integration.
#[derive(Debug, Clone)]
pub enum RouteIntegration {
    /// A Lambda proxy integration (payload format 1.0 or 2.0).
    Lambda(Arc<LambdaIntegration>),
    /// An HTTP proxy integration (§6.4).
    HttpProxy(Arc<HttpProxyIntegration>),
    /// Something gantry cannot serve; requests get 500 with this reason.
    Unavailable(String),
}

/// A Lambda proxy integration, resolved to a deployed function.
#[derive(Debug)]
pub struct LambdaIntegration {
    /// The integration id.
    pub integration_id: String,
    /// The function's name (what the Lambda host invokes).
    pub function_name: String,
    /// The ARN the integration invokes: the function's, or one of its aliases' or
    /// versions' (what the function sees as `invokedFunctionArn`).
    pub function_arn: String,
    /// `TimeoutInMillis`.
    pub timeout: Duration,
    /// `PayloadFormatVersion`: the event's shape and the response rules (§4.3, §5.3).
    pub payload_format_version: PayloadFormatVersion,
}
