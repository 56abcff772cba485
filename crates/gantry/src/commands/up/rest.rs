//! What `up` prints for the REST APIs it serves (API Gateway v1): per API its
//! `{apiId}.execute-api.localhost` endpoint, per stage each method's local URL with what a
//! caller needs (authorizer, API key), and the API keys clients send. A stage serves the
//! deployment it points to (aws-rest-api.md §1.2), so its methods are that deployment's.
//! HTTP APIs are printed by `report.rs`, custom domains by `domains.rs`.

use apigw::deployment::Deployment;
use apigw::rest::served::{MethodAuthorization, ServedMethod, ServedRestApi};
use store::model::apigateway::MethodAuthorizationType;

/// The header API keys travel in (aws-rest-api.md §5).
const API_KEY_HEADER: &str = "x-api-key";

/// The local URL for an AWS invoke URL of a served REST API
/// (`https://{id}.execute-api.{region}.amazonaws.com/Prod/hello/`), as a stack output
/// names it; `base` is where a single API is served.
pub(super) fn local_url(
    deployment: &Deployment,
    aws_url: &str,
    base: Option<&str>,
) -> Option<String> {
    let rest = aws_url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let api_id = host.split_once(".execute-api.")?.0;
    let api = deployment
        .rest_apis()
        .find(|api| api.rest_api_id == api_id)?;
    Some(format!("{}/{path}", base.unwrap_or(&api.api_endpoint)))
}

/// One block per REST API: its endpoint, then each stage's methods; then the API keys.
/// `base` is where a single API is served (`http://127.0.0.1:PORT`); with several APIs
/// each is reached at its endpoint.
pub(super) fn rest_apis(deployment: &Deployment, base: Option<&str>) -> String {
    let mut apis: Vec<&ServedRestApi> = deployment.rest_apis().collect();
    apis.sort_by(|a, b| (&a.name, &a.rest_api_id).cmp(&(&b.name, &b.rest_api_id)));
    let mut text = String::new();
    let mut uses_cognito = false;
    for api in apis {
        text.push_str(&format!(
            "\nREST API {} ({}) at {}\n",
            api.name, api.rest_api_id, api.api_endpoint
        ));
        let base = base.unwrap_or(&api.api_endpoint);
        for stage in api.stages.values() {
            let mut methods: Vec<&ServedMethod> =
                stage.deployment.methods.iter().map(AsRef::as_ref).collect();
            methods.sort_by(|a, b| {
                (&a.resource_path, &a.http_method).cmp(&(&b.resource_path, &b.http_method))
            });
            if methods.is_empty() {
                text.push_str(&format!(
                    "  (stage {}: its deployment has no methods)\n",
                    stage.name
                ));
            }
            for method in methods {
                uses_cognito |=
                    method.model.authorization_type == MethodAuthorizationType::CognitoUserPools;
                text.push_str(&format!(
                    "  {:<7} {base}/{}{}{}\n",
                    method.http_method,
                    stage.name,
                    method.resource_path,
                    needs(method)
                ));
            }
        }
    }
    if uses_cognito {
        text.push_str(
            "\nCognito tokens: `gantry token --cognito id` prints an ID token the Cognito \
             authorizers accept (`--cognito access --scope S` an access token, for methods \
             with scopes), e.g.\n  curl -H \"Authorization: $(gantry token --cognito id)\" ...\n",
        );
    }
    text.push_str(&api_keys(deployment));
    text
}

/// The API keys and the stages their usage plans cover.
fn api_keys(deployment: &Deployment) -> String {
    let mut keys = deployment.api_keys();
    if keys.is_empty() {
        return String::new();
    }
    keys.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = format!("\nAPI keys (send one in the {API_KEY_HEADER} header)\n");
    for key in keys {
        let stages = if key.stages.is_empty() {
            "in no usage plan, so refused everywhere".to_owned()
        } else {
            format!("stages {}", key.stages.join(", "))
        };
        let disabled = if key.enabled { "" } else { ", disabled" };
        text.push_str(&format!(
            "  {API_KEY_HEADER}: {}  ({}: {stages}{disabled})\n",
            key.value, key.name
        ));
    }
    text
}

/// What a caller needs to call a method: its authorization and whether it takes an API
/// key; empty for an open method.
fn needs(method: &ServedMethod) -> String {
    let mut needs = Vec::new();
    match &method.authorization {
        MethodAuthorization::None => {}
        MethodAuthorization::Iam => needs.push("AWS_IAM: SigV4-signed callers".to_owned()),
        MethodAuthorization::Authorizer { authorizer, scopes } => {
            let kind = match method.model.authorization_type {
                MethodAuthorizationType::CognitoUserPools => "Cognito authorizer",
                _ => "Lambda authorizer",
            };
            let mut text = format!("{kind} {}", authorizer.name);
            if !scopes.is_empty() {
                text.push_str(&format!(", scopes {}", scopes.join(" | ")));
            }
            needs.push(text);
        }
        MethodAuthorization::Unavailable(reason) => {
            needs.push(format!("refused with 500: {reason}"));
        }
    }
    if method.api_key_required {
        needs.push(format!("API key in {API_KEY_HEADER}"));
    }
    if needs.is_empty() {
        String::new()
    } else {
        format!("  ({})", needs.join("; "))
    }
}
