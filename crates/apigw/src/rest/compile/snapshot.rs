//! One deployment's snapshot compiled for serving (aws-rest-api.md §1.2): its resource
//! tree with the methods on each resource, each method's authorization (authorizers
//! compiled once and shared by their methods) and request validation, its gateway
//! responses and binary media types.

use std::collections::BTreeMap;
use std::sync::Arc;

use store::model::apigateway::{Deployment, Method, MethodAuthorizationType, RestApi};

use super::{Facts, RestCompileError};
use crate::rest::authorizer::{RestApiFacts, RestAuthorizer};
use crate::rest::binary::BinaryMediaTypes;
use crate::rest::gateway_response::GatewayResponses;
use crate::rest::resource_tree::ResourceTree;
use crate::rest::served::{
    MethodAuthorization, ServedMethod, ServedResource, ServedRestDeployment,
};
use crate::rest::validation::RequestValidation;

/// The root resource's path.
const ROOT_PATH: &str = "/";

/// Compiles `deployment`'s snapshot of `rest_api`.
pub(super) fn compile(
    api: RestApiFacts<'_>,
    deployment: &Deployment,
    rest_api: &RestApi,
    facts: &Facts<'_, '_>,
) -> Result<ServedRestDeployment, RestCompileError> {
    let snapshot = &deployment.snapshot;
    let problem = |problem: String| RestCompileError::Snapshot {
        rest_api_id: api.rest_api_id.to_owned(),
        deployment_id: deployment.deployment_id.clone(),
        problem,
    };
    let authorizers: BTreeMap<&str, Arc<RestAuthorizer>> = snapshot
        .authorizers
        .iter()
        .map(|authorizer| {
            let compiled = RestAuthorizer::compile(
                api,
                authorizer,
                facts.lambda,
                facts.user_pools(),
                facts.keys,
            );
            (authorizer.authorizer_id.as_str(), compiled)
        })
        .collect();

    let mut methods = Vec::with_capacity(snapshot.methods.len());
    for (index, method) in snapshot.methods.iter().enumerate() {
        let validation =
            RequestValidation::compile(method, &snapshot.request_validators, &snapshot.models)
                .map_err(|reason| {
                    problem(format!(
                        "method {} {}: its request validation cannot be compiled: {reason}",
                        method.http_method, method.resource_path
                    ))
                })?;
        methods.push(Arc::new(ServedMethod {
            http_method: method.http_method.clone(),
            resource_path: method.resource_path.clone(),
            resource_id: method.resource_id.clone(),
            operation_name: method.operation_name.clone(),
            authorization_type: method.authorization_type,
            authorization: authorization(method, &authorizers),
            api_key_required: method.api_key_required,
            validation,
            model: Arc::new(method.clone()),
            index,
        }));
    }

    let tree = ResourceTree::build(resources(deployment, &methods))
        .map_err(|error| problem(error.to_string()))?;
    Ok(ServedRestDeployment {
        deployment_id: deployment.deployment_id.clone(),
        methods,
        tree,
        binary_media_types: BinaryMediaTypes::new(&snapshot.binary_media_types),
        api_key_source_type: snapshot
            .api_key_source_type
            .unwrap_or(rest_api.api_key_source_type),
        gateway_responses: GatewayResponses::compile(&snapshot.gateway_responses),
    })
}

/// Every resource of the snapshot (the root included) with its methods, by path.
fn resources(
    deployment: &Deployment,
    methods: &[Arc<ServedMethod>],
) -> Vec<(String, ServedResource)> {
    let snapshot = &deployment.snapshot;
    let mut resources: BTreeMap<String, ServedResource> = BTreeMap::new();
    resources.insert(
        ROOT_PATH.to_owned(),
        ServedResource {
            resource_id: snapshot.root_resource_id.clone(),
            methods: Vec::new(),
        },
    );
    for resource in &snapshot.resources {
        resources
            .entry(resource.path.clone())
            .or_insert_with(|| ServedResource {
                resource_id: resource.resource_id.clone(),
                methods: Vec::new(),
            });
    }
    for method in methods {
        resources
            .entry(method.resource_path.clone())
            .or_insert_with(|| ServedResource {
                resource_id: method.resource_id.clone(),
                methods: Vec::new(),
            })
            .methods
            .push((method.http_method.clone(), method.clone()));
    }
    resources.into_iter().collect()
}

/// The method's authorization; an authorizer id the deployment does not have makes the
/// method answer 500 with the reason (fail closed).
fn authorization(
    method: &Method,
    authorizers: &BTreeMap<&str, Arc<RestAuthorizer>>,
) -> MethodAuthorization {
    match method.authorization_type {
        MethodAuthorizationType::None => MethodAuthorization::None,
        MethodAuthorizationType::AwsIam => MethodAuthorization::Iam,
        MethodAuthorizationType::Custom | MethodAuthorizationType::CognitoUserPools => {
            let Some(authorizer_id) = method.authorizer_id.as_deref() else {
                return MethodAuthorization::Unavailable(format!(
                    "method {} {} has AuthorizationType {} but no AuthorizerId; set AuthorizerId to an AWS::ApiGateway::Authorizer of the API",
                    method.http_method,
                    method.resource_path,
                    method.authorization_type.as_str()
                ));
            };
            match authorizers.get(authorizer_id) {
                Some(authorizer) => MethodAuthorization::Authorizer {
                    authorizer: authorizer.clone(),
                    scopes: method.authorization_scopes.clone(),
                },
                None => MethodAuthorization::Unavailable(format!(
                    "method {} {} uses authorizer {authorizer_id}, which the stage's deployment does not have; declare the authorizer and redeploy (a new AWS::ApiGateway::Deployment)",
                    method.http_method, method.resource_path
                )),
            }
        }
    }
}
