//! What `up` prints when it is serving, or why it is not.

use std::net::SocketAddr;

use apigw::deployment::{Deployment, RouteAuthorization};
use cfn_engine::DeployError;
use gantry::settings::StackSettings;
use store::StackRecord;

use super::DeployFailure;
use super::rest;
use crate::console;
use crate::server::ISSUER_PATH;

/// The stacks' outputs (with local URLs) and the URLs to call.
pub(super) fn serving(
    records: &[StackRecord],
    deployment: &Deployment,
    issuer_url: &str,
    address: SocketAddr,
    inspector: bool,
    token_client: Option<&issuer::ClientCredentials>,
) {
    let apis: Vec<_> = deployment.apis().collect();
    let local = if address.ip().is_unspecified() {
        format!("127.0.0.1:{}", address.port())
    } else {
        address.to_string()
    };
    // With one API, any host reaches it; with several, each is reached at its endpoint.
    let local_base = format!("http://{local}");
    let single_base =
        (apis.len() + deployment.rest_apis().count() == 1).then_some(local_base.as_str());
    let mut text = String::new();
    for record in records {
        text.push_str(&stack_outputs(record, deployment, single_base));
    }
    let mut uses_builtin_issuer = false;
    let mut uses_iam = false;
    for api in &apis {
        text.push_str(&format!(
            "\nAPI {} ({}) at {}\n",
            api.name, api.api_id, api.api_endpoint
        ));
        for stage in api.stages.iter() {
            let prefix = stage_path_prefix(&stage.name);
            for route in api.routes.iter() {
                let (method, path) = match (route.route_key.method(), route.route_key.path()) {
                    (Some(method), Some(path)) => (method.as_str().to_owned(), path.to_owned()),
                    _ => ("ANY".to_owned(), "/{anything}".to_owned()),
                };
                let base = single_base.unwrap_or(&api.api_endpoint);
                let auth = match &route.authorization {
                    RouteAuthorization::None => String::new(),
                    RouteAuthorization::Jwt { authorizer, scopes } => {
                        uses_builtin_issuer |= authorizer.config().issuer == issuer_url;
                        let mut auth = format!("  (JWT, issuer {}", authorizer.config().issuer);
                        if !scopes.is_empty() {
                            auth.push_str(&format!(", scopes {}", scopes.join(" | ")));
                        }
                        auth.push(')');
                        auth
                    }
                    RouteAuthorization::Lambda { authorizer } => {
                        format!("  (Lambda authorizer {})", authorizer.name)
                    }
                    RouteAuthorization::Iam => {
                        uses_iam = true;
                        "  (AWS_IAM: SigV4-signed callers)".to_owned()
                    }
                    RouteAuthorization::Unsupported(_) => {
                        "  (authorization not supported by gantry)".to_owned()
                    }
                };
                text.push_str(&format!("  {method:<7} {base}{prefix}{path}{auth}\n"));
            }
            if stage.undeployed.is_some() {
                text.push_str(&format!(
                    "  (stage {} has no deployment and serves nothing: set AutoDeploy: true)\n",
                    stage.name
                ));
            }
            if let Some(access_log) = &stage.access_log {
                text.push_str(&format!(
                    "  (stage {} writes its access log to {}/{} in the state directory)\n",
                    stage.name,
                    crate::server::stage_logs::LOGS_DIR,
                    crate::server::stage_logs::file_name(&access_log.log_group_name)
                ));
            }
        }
    }
    text.push_str(&rest::rest_apis(deployment, single_base));
    text.push_str(&super::domains::domains(deployment, &local));
    if uses_builtin_issuer {
        text.push_str(&format!(
            "\nTokens: `gantry token` prints one from the built-in issuer ({issuer_url}), e.g.\n  curl -H \"Authorization: Bearer $(gantry token)\" http://{local}/...\n"
        ));
    }
    if uses_iam {
        text.push_str(&format!(
            "\nSigning: `gantry credentials` prints the AWS keys AWS_IAM routes accept (--role ROLE for a role of the stack), e.g.\n  eval \"$(gantry credentials)\" && awscurl --service execute-api http://{local}/...\n"
        ));
    }
    if inspector {
        text.push_str(&format!(
            "\nRequests: the inspector at http://{local}/_gantry/ shows each one (route, authorizer, event, logs, response).\n"
        ));
    }
    if let Some(client) = token_client {
        text.push_str(&format!(
            "\nToken endpoint: callers from other machines authenticate as client_id {} client_secret {} (HTTP Basic, or form fields), e.g.\n  curl -u '{}:{}' -d grant_type=client_credentials -d audience=... http://HOST:{}{ISSUER_PATH}{}\n",
            client.client_id,
            client.client_secret,
            client.client_id,
            client.client_secret,
            address.port(),
            issuer::TOKEN_PATH,
        ));
    }
    // The real listen address first (tests read the port after `Serving on http://`),
    // then the URL for this machine when they differ.
    let listen = format!("http://{address}");
    let on_this_machine = if listen == local_base {
        String::new()
    } else {
        format!("; on this machine {local_base}")
    };
    text.push_str(&format!(
        "\nServing on {listen} (health: /_gantry/health{on_this_machine}). Ctrl-C to stop.\n"
    ));
    console::line(&text);
}

/// A stack's status and outputs.
fn stack_outputs(
    record: &StackRecord,
    deployment: &Deployment,
    single_base: Option<&str>,
) -> String {
    let mut text = format!("\nStack {} {}\n", record.name, record.status.as_str());
    if record.outputs.is_empty() {
        return text;
    }
    text.push_str("\nOutputs\n");
    let width = record
        .outputs
        .iter()
        .map(|o| o.key.len())
        .max()
        .unwrap_or(0);
    for output in &record.outputs {
        text.push_str(&format!("  {:<width$}  {}", output.key, output.value));
        if let Some(description) = &output.description {
            text.push_str(&format!("  ({description})"));
        }
        text.push('\n');
        // An AWS invoke URL of a REST API (SAM's `HelloWorldApi`), where it is served.
        if let Some(url) = rest::local_url(deployment, &output.value, single_base) {
            text.push_str(&format!("  {:<width$}  served at {url}\n", ""));
        }
    }
    text
}

/// After a failed stack of several: which were not deployed, and which stay deployed
/// (stored, not served), as `cdk deploy` leaves them.
pub(super) fn stacks_left(failed: &str, deployed: &[String], planned: &[&str]) {
    if planned.len() < 2 {
        return;
    }
    let after: Vec<_> = (planned.iter())
        .skip_while(|name| **name != failed)
        .skip(1)
        .copied()
        .collect();
    let mut text = format!("stack {failed} failed");
    if !after.is_empty() {
        text.push_str(&format!("; {} not deployed", after.join(", ")));
    }
    let names: Vec<_> = deployed.iter().map(String::as_str).collect();
    if !names.is_empty() {
        text.push_str(&format!(
            "; {} deployed before it stay in the state, not served. Fix stack {failed} and run `gantry up` again",
            names.join(", ")
        ));
    }
    console::error(&text);
}

/// Why nothing is served: template diagnostics with their lines, or the failing resource.
pub(super) fn deploy_failure(failure: &DeployFailure, settings: &StackSettings) {
    match failure {
        DeployFailure::Engine(DeployError::Invalid(validation)) => {
            console::line(settings.render(validation).trim_end());
            console::error("the template is not valid; nothing was deployed");
        }
        DeployFailure::Engine(DeployError::Unsupported(resources)) => {
            let mut text = String::from(
                "the template uses resource types gantry cannot deploy; nothing was deployed:\n",
            );
            for (logical_id, resource_type) in resources {
                text.push_str(&format!("  {logical_id:<32} {resource_type}\n"));
                if let Some(sam) = &settings.sam {
                    let origin = sam.origin_of(logical_id);
                    let from = if sam.declares(origin) {
                        let line = sam
                            .locate_processed_path(&format!("Resources/{logical_id}"))
                            .position
                            .line;
                        format!(
                            "from the SAM resource {origin} ({}:{line})",
                            settings.template_path.display()
                        )
                    } else {
                        format!(
                            "from the implicit {origin} SAM makes for the functions' API events"
                        )
                    };
                    text.push_str(&format!("  {:<32} {from}\n", ""));
                }
                if let Some(note) = unsupported_note(resource_type) {
                    text.push_str(&format!("  {:<32} {note}\n", ""));
                }
            }
            text.push_str(
                "Remove them, or pass --allow-unsupported to create them as inert placeholders.",
            );
            console::error(&text);
        }
        DeployFailure::Engine(DeployError::ResourceFailed {
            logical_id, line, ..
        }) => {
            let mut text = failure.to_string();
            // The engine's line is the processed template's; a SAM template maps it back.
            if let (None, Some(line)) = (&settings.sam, line) {
                text.push_str(&format!(
                    "\n  --> {}:{line} ({logical_id})",
                    settings.template_path.display()
                ));
            }
            if let Some(sam) = &settings.sam {
                text = sam.map_reason(&text);
                let location = sam.locate_processed_path(&format!("Resources/{logical_id}"));
                text.push_str(&format!(
                    "\n  --> {}:{}:{} ({}, from the SAM resource {})",
                    settings.template_path.display(),
                    location.position.line,
                    location.position.column,
                    logical_id,
                    sam.origin_of(logical_id)
                ));
            }
            console::error(&format!(
                "{text}\nThe deployment was rolled back; nothing of it is served."
            ));
        }
        other => console::error(&format!(
            "{other:#}\nThe deployment was rolled back; nothing of it is served."
        )),
    }
}

/// What an undeployable type is, when gantry knows more than its name: a REST API part
/// gantry does not deploy, or what a SAM non-API event generates.
fn unsupported_note(resource_type: &str) -> Option<String> {
    if resource_type.starts_with("AWS::ApiGateway::") {
        return Some(
            "a part of REST APIs gantry does not deploy (it serves RestApi, Resource, \
             Method, Deployment, Stage, Authorizer, API keys and usage plans, gateway \
             responses, models, validators, domain names)"
                .to_owned(),
        );
    }
    cfn_engine::event_source_note(resource_type)
}

/// What a stage adds in front of its routes' paths: nothing for `$default`, `/name` else.
pub(super) fn stage_path_prefix(stage_name: &str) -> String {
    if stage_name == "$default" {
        String::new()
    } else {
        format!("/{stage_name}")
    }
}
