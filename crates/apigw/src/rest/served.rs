//! What the gateway serves of a REST API, compiled from the stored models once per
//! deployment (aws-rest-api.md §1.2, §9.1): each stage points at the compiled snapshot of
//! its deployment (resource tree, methods, authorizers, gateway responses, binary media
//! types), plus what only the stage decides for each method (the integration resolved
//! with the stage's variables, the invoke-permission verdict, the throttle).
//!
//! These are lookup-ready values with public fields the binary lists; they hold no
//! request state beyond token buckets and authorizer caches.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use store::model::apigateway::{ApiKeySourceType, Method, MethodAuthorizationType};

use crate::permission::InvokePermission;
use crate::rest::authorizer::RestAuthorizer;
use crate::rest::binary::BinaryMediaTypes;
use crate::rest::gateway_response::GatewayResponses;
use crate::rest::resource_policy::ResourcePolicy;
use crate::rest::resource_tree::ResourceTree;
use crate::rest::validation::RequestValidation;
use crate::stage::{StageAccessLog, Throttle};

/// One REST API, ready to serve.
#[derive(Debug)]
pub struct ServedRestApi {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `Name`.
    pub name: String,
    /// The local URL of the default endpoint, without a stage.
    pub api_endpoint: String,
    /// `AWS::Partition` of its stack.
    pub partition: &'static arn::Partition,
    /// `AWS::Region` of its stack.
    pub region: String,
    /// The owning account.
    pub account_id: String,
    /// `DisableExecuteApiEndpoint`: the default endpoint answers 403.
    pub disable_execute_api_endpoint: bool,
    /// `ApiKeySourceType` of the API as it is now.
    pub api_key_source_type: ApiKeySourceType,
    /// `Policy`, compiled; `Err` says why it cannot be evaluated (every request is then
    /// refused: fail closed).
    pub resource_policy: Option<Result<ResourcePolicy, String>>,
    /// Stages by name.
    pub stages: BTreeMap<String, ServedRestStage>,
}

impl ServedRestApi {
    /// The stage names, for explanations.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.keys().map(String::as_str).collect()
    }
}

/// A stage of a REST API: the deployment it serves and its own settings.
#[derive(Debug)]
pub struct ServedRestStage {
    /// `StageName`.
    pub name: String,
    /// The URL of the stage's root (`{api_endpoint}/{stage}/`).
    pub url: String,
    /// The deployment it serves.
    pub deployment: Arc<ServedRestDeployment>,
    /// `Variables`, for the event and `${stageVariables.x}`.
    pub variables: Vec<(String, String)>,
    /// `AccessLogSetting`, compiled.
    pub access_log: Option<Arc<StageAccessLog>>,
    /// What each method of the deployment does on this stage, in the same order.
    pub(crate) methods: Vec<StageMethod>,
}

impl ServedRestStage {
    /// The methods served, as `(HttpMethod, resource path)`.
    pub fn methods(&self) -> impl Iterator<Item = (&str, &str)> {
        self.deployment
            .methods
            .iter()
            .map(|m| (m.http_method.as_str(), m.resource_path.as_str()))
    }

    /// What `method` does on this stage.
    pub(crate) fn method(&self, method: &ServedMethod) -> Option<&StageMethod> {
        self.methods.get(method.index)
    }
}

/// A deployment's snapshot, compiled; shared by the stages that point at it.
#[derive(Debug)]
pub struct ServedRestDeployment {
    /// `DeploymentId`.
    pub deployment_id: String,
    /// Every method, in the snapshot's order.
    pub methods: Vec<Arc<ServedMethod>>,
    /// The resource tree with each resource's methods.
    pub tree: ResourceTree<ServedResource>,
    /// `BinaryMediaTypes` of the snapshot.
    pub binary_media_types: BinaryMediaTypes,
    /// `ApiKeySourceType` of the snapshot.
    pub api_key_source_type: ApiKeySourceType,
    /// The gateway responses of the snapshot over AWS's defaults.
    pub gateway_responses: GatewayResponses,
}

/// One resource of a deployment's tree, with its methods.
#[derive(Debug)]
pub struct ServedResource {
    /// `ResourceId`.
    pub resource_id: String,
    /// `(HttpMethod, method)`, as [`crate::rest::resource_tree::select_method`] reads them.
    pub methods: Vec<(String, Arc<ServedMethod>)>,
}

/// One method of a deployment.
#[derive(Debug)]
pub struct ServedMethod {
    /// `HttpMethod` as configured (`ANY` stays `ANY`).
    pub http_method: String,
    /// The resource's path template (`/pets/{id}`).
    pub resource_path: String,
    /// `ResourceId`.
    pub resource_id: String,
    /// `OperationName`.
    pub operation_name: Option<String>,
    /// `AuthorizationType`.
    pub authorization_type: MethodAuthorizationType,
    /// How callers are authorized.
    pub authorization: MethodAuthorization,
    /// `ApiKeyRequired`.
    pub api_key_required: bool,
    /// The request validator's checks, when the method has one.
    pub validation: Option<RequestValidation>,
    /// The method as stored, for its `MOCK` templates and its integration settings.
    pub model: Arc<Method>,
    pub(crate) index: usize,
}

/// A method's authorization.
#[derive(Debug, Clone)]
pub enum MethodAuthorization {
    /// `NONE`.
    None,
    /// `AWS_IAM`: a SigV4-signed caller allowed `execute-api:Invoke`.
    Iam,
    /// A Lambda or Cognito authorizer of the deployment, with the method's scopes.
    Authorizer {
        /// The authorizer (shared by its methods, with its cache).
        authorizer: Arc<RestAuthorizer>,
        /// `AuthorizationScopes`.
        scopes: Vec<String>,
    },
    /// An authorization that cannot be performed; requests get 500 with this reason.
    Unavailable(String),
}

/// What a method does on one stage.
#[derive(Debug)]
pub(crate) struct StageMethod {
    pub(crate) integration: RestIntegration,
    /// `MethodSettings` throttling for this method on this stage.
    pub(crate) throttle: Option<Throttle>,
}

/// A method's integration on one stage.
#[derive(Debug, Clone)]
pub enum RestIntegration {
    /// `AWS_PROXY` to a Lambda function.
    Lambda(Arc<RestLambdaIntegration>),
    /// `MOCK`: API Gateway answers from the method's integration responses.
    Mock,
    /// `HTTP_PROXY`.
    HttpProxy(Arc<RestHttpProxy>),
    /// Something gantry cannot serve; requests get 500 with this reason.
    Unavailable(String),
}

/// An `AWS_PROXY` Lambda integration, resolved to a deployed function.
#[derive(Debug)]
pub struct RestLambdaIntegration {
    /// The function's name (what the Lambda host invokes).
    pub function_name: String,
    /// The ARN invoked (the function's, or an alias' or version's).
    pub function_arn: String,
    /// `TimeoutInMillis`.
    pub timeout: Duration,
    /// May API Gateway invoke it from this stage (aws-rest-api.md §2.7).
    pub permission: LambdaInvokeAccess,
}

/// Whose permission lets API Gateway invoke an integration's function.
#[derive(Debug)]
pub enum LambdaInvokeAccess {
    /// The function's resource policy or the integration role: decided at compile time.
    Decided(InvokePermission),
    /// `Credentials: arn:aws:iam::*:user/*`: API Gateway invokes with the caller's own
    /// credentials (SAM's default `InvokeRole: CALLER_CREDENTIALS` for `AWS_IAM`), so the
    /// SigV4 caller's `lambda:InvokeFunction` permission decides, per request.
    CallerCredentials,
}

/// An `HTTP_PROXY` integration on one stage (aws-rest-api.md §8.2).
#[derive(Debug)]
pub struct RestHttpProxy {
    /// `Uri` with the stage's variables resolved; `{name}` placeholders remain.
    pub uri: String,
    /// `IntegrationHttpMethod`; `None` (or `ANY`) sends the request's method.
    pub method: Option<http::Method>,
    /// `TimeoutInMillis`.
    pub timeout: Duration,
    /// `{name}` of the URI ← its value: `integration.request.path.{name}` mappings.
    pub path_values: Vec<(String, PathValue)>,
}

/// Where an `integration.request.path.*` value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathValue {
    /// `method.request.path.{name}`: the request's path parameter.
    Parameter(String),
    /// `'literal'`.
    Literal(String),
}

/// Where a REST base path mapping of a custom domain name leads (aws-rest-api.md §1.1).
#[derive(Debug)]
pub struct RestMapping {
    /// The mapped API.
    pub api: Arc<ServedRestApi>,
    /// The mapped stage; `None` leaves it to the path's next segment.
    pub stage: Option<String>,
}
