//! The REST pipeline's selection steps (aws-rest-api.md §0 steps 1–3): which REST API the
//! host reaches (a custom domain's base path mapping, `{apiId}.execute-api.…`, or the
//! only API deployed), its stage (the first path segment, 403 `Forbidden`), and the
//! resource and method in the stage's deployment (403 `Missing Authentication Token`).

use std::sync::Arc;

use http::request::Parts;

use crate::deployment::{ApiSelection, Deployment};
use crate::rest::RestError;
use crate::rest::resource_tree::select_method;
use crate::rest::served::{RestMapping, ServedMethod, ServedRestApi, ServedRestStage};

/// How many methods an explanation lists before eliding the rest.
const LISTED_METHODS: usize = 20;

/// The REST API a request reaches.
#[derive(Debug)]
pub(in crate::gateway) enum RestTarget<'d> {
    /// The default endpoint (`{apiId}.execute-api.…`, or the only API deployed).
    Endpoint(&'d ServedRestApi),
    /// A custom domain's base path mapping; `route_path` is the path after the base path.
    Domain {
        mapping: &'d RestMapping,
        route_path: String,
    },
    /// A custom domain with REST base path mappings, none of which takes the path.
    Unmapped {
        domain_name: String,
        base_paths: Vec<String>,
    },
}

/// The REST target of a request, or `None` when it is for an HTTP API (or nothing).
pub(in crate::gateway) fn select_target<'d>(
    deployment: &'d Deployment,
    host: &str,
    path: &str,
) -> Option<RestTarget<'d>> {
    if deployment.domains().get(host).is_some() {
        return None;
    }
    if let Some(domain) = deployment.rest_domains().get(host) {
        return Some(match domain.select(path) {
            Some(selected) => RestTarget::Domain {
                mapping: selected.mapping,
                route_path: selected.route_path.to_owned(),
            },
            None => RestTarget::Unmapped {
                domain_name: domain.domain_name.clone(),
                base_paths: domain.keys().map(str::to_owned).collect(),
            },
        });
    }
    match deployment.select_api(host) {
        ApiSelection::Rest(api) => Some(RestTarget::Endpoint(api)),
        _ => None,
    }
}

/// Step 1: the API, unless its default endpoint is disabled or the domain maps no API
/// at this path (403 `Forbidden`, aws-rest-api.md §0 step 1).
pub(super) fn select_api<'d>(target: &RestTarget<'d>) -> Result<&'d ServedRestApi, RestError> {
    match target {
        RestTarget::Endpoint(api) if api.disable_execute_api_endpoint => {
            Err(RestError::forbidden(format!(
                "REST API {} has DisableExecuteApiEndpoint: true, so its default endpoint refuses every request; call it through its custom domain name",
                api.rest_api_id
            )))
        }
        RestTarget::Endpoint(api) => Ok(api),
        RestTarget::Domain { mapping, .. } => Ok(&mapping.api),
        // Unconfirmed: the body AWS sends for an unmapped base path (aws-rest-api.md §1.1).
        RestTarget::Unmapped {
            domain_name,
            base_paths,
        } => Err(RestError::forbidden(format!(
            "no base path mapping of custom domain {domain_name} takes this path; its base paths are: {}",
            base_paths
                .iter()
                .map(|p| if p.is_empty() { "(none)" } else { p.as_str() })
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The stage a request reaches and the paths the event reports (aws-rest-api.md §1.5,
/// §2.4).
#[derive(Debug)]
pub(super) struct SelectedStage<'d> {
    pub(super) stage: &'d ServedRestStage,
    /// The path the resource tree matches: after the stage (and base path), leading
    /// duplicate slashes collapsed, `/` at least.
    pub(super) route_path: String,
    /// The event's `path`.
    pub(super) path: String,
    /// `requestContext.path`.
    pub(super) stage_path: String,
}

/// Step 2: the stage, from the mapping or the first path segment (403 `Forbidden`).
pub(super) fn select_stage<'d>(
    api: &'d ServedRestApi,
    target: &RestTarget<'d>,
    raw_path: &str,
) -> Result<SelectedStage<'d>, RestError> {
    match target {
        RestTarget::Domain {
            mapping,
            route_path,
        } => {
            // Through a custom domain the event's paths keep the base path and drop a
            // mapped stage (aws-rest-api.md §2.4).
            let full = collapse_leading_slashes(raw_path);
            let (name, route_path) = match &mapping.stage {
                Some(stage) => (stage.as_str(), collapse_leading_slashes(route_path)),
                // Unconfirmed: a mapping without a stage takes it from the next segment,
                // and the event's paths still show the whole request path.
                None => {
                    let (name, rest) = split_stage(route_path);
                    (name, collapse_leading_slashes(rest))
                }
            };
            let stage = stage_named(api, name)?;
            Ok(SelectedStage {
                stage,
                route_path,
                path: full.clone(),
                stage_path: full,
            })
        }
        RestTarget::Endpoint(_) | RestTarget::Unmapped { .. } => {
            let (name, rest) = split_stage(raw_path);
            let stage = stage_named(api, name)?;
            // Unconfirmed: `/{stage}` without a trailing slash reaches the root resource,
            // as `/{stage}/` does (aws-rest-api.md §1.1 reports both answers).
            let path = collapse_leading_slashes(rest);
            Ok(SelectedStage {
                stage,
                route_path: path.clone(),
                path,
                stage_path: format!("/{name}{rest}"),
            })
        }
    }
}

/// `/stage/rest` → (`stage`, `/rest`); leading slashes before the stage are ignored.
fn split_stage(path: &str) -> (&str, &str) {
    let trimmed = path.trim_start_matches('/');
    match trimmed.find('/') {
        Some(at) => trimmed.split_at(at),
        None => (trimmed, ""),
    }
}

/// `//a//b` → `/a//b`; empty → `/` (aws-rest-api.md §1.5).
fn collapse_leading_slashes(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

fn stage_named<'d>(api: &'d ServedRestApi, name: &str) -> Result<&'d ServedRestStage, RestError> {
    if let Some(stage) = api.stages.get(name) {
        return Ok(stage);
    }
    let stages = api.stage_names().join(", ");
    Err(RestError::forbidden(if name.is_empty() {
        format!(
            "the path names no stage; REST API {} is served at /{{stage}}/..., and its stages are: {stages}",
            api.rest_api_id
        )
    } else {
        format!(
            "REST API {} has no stage {name:?} (stage names are case-sensitive); its stages are: {stages}",
            api.rest_api_id
        )
    }))
}

/// The method a request reaches, with what the resource match established.
#[derive(Debug)]
pub(super) struct MatchedMethod {
    pub(super) method: Arc<ServedMethod>,
    pub(super) resource_id: String,
    pub(super) resource_path: String,
    pub(super) path_parameters: Vec<(String, String)>,
}

/// Step 3: the resource and method in the stage's deployment (403 `Missing
/// Authentication Token`, aws-rest-api.md §1.3, §1.4).
pub(super) fn select_resource(
    stage: &SelectedStage<'_>,
    parts: &Parts,
) -> Result<MatchedMethod, RestError> {
    let deployment = &stage.stage.deployment;
    let Some(found) = deployment.tree.select(&stage.route_path) else {
        return Err(RestError::missing_authentication_token(format!(
            "no resource of stage {} matches {} (REST APIs answer 403 Missing Authentication Token, not 404, for an unknown path); the stage serves: {}",
            stage.stage.name,
            stage.route_path,
            served_methods(stage.stage)
        )));
    };
    let Some(method) = select_method(&found.value.methods, &parts.method) else {
        let methods: Vec<&str> = found
            .value
            .methods
            .iter()
            .map(|(m, _)| m.as_str())
            .collect();
        return Err(RestError::missing_authentication_token(format!(
            "resource {} of stage {} has no {} method and no ANY (REST APIs answer 403 Missing Authentication Token for an undefined method); its methods are: {}",
            found.resource_path,
            stage.stage.name,
            parts.method,
            if methods.is_empty() {
                "none".to_owned()
            } else {
                methods.join(", ")
            }
        )));
    };
    Ok(MatchedMethod {
        method: method.clone(),
        resource_id: found.value.resource_id.clone(),
        resource_path: found.resource_path.to_owned(),
        path_parameters: found.path_parameters,
    })
}

/// `GET /hello, POST /pets/{id}, ...` for explanations.
fn served_methods(stage: &ServedRestStage) -> String {
    let mut methods: Vec<String> = stage
        .methods()
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    if methods.is_empty() {
        return "no methods".to_owned();
    }
    let more = methods.len().saturating_sub(LISTED_METHODS);
    methods.truncate(LISTED_METHODS);
    let mut listed = methods.join(", ");
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
    }
    listed
}
