//! Which API and stage a request reaches: through a custom domain name's API mapping
//! (§7.4), or through `{apiId}.execute-api.…` and the first path segment (§1.2).

use crate::deployment::{Deployment, ServedApi, ServedStage};
use crate::error::{ClientError, GatewayError, InternalError};
use crate::stage::SelectedStage;

/// The API a request reaches, and how its stage is chosen.
pub(super) struct Target<'d, 'p> {
    pub(super) api: &'d ServedApi,
    /// Through a custom domain: the mapped stage and the path after the mapping's path.
    mapped: Option<(&'d str, &'p str)>,
}

/// The stage a request reaches, and the path the event reports as `rawPath`.
pub(super) struct Selected<'d, 'p> {
    pub(super) stage: SelectedStage<'d, 'p, ServedStage>,
    /// `rawPath`: the whole path on the default endpoint, the path after the mapping's
    /// path on a custom domain (§4.1).
    pub(super) raw_path: &'p str,
}

/// The API for `host` and `path`: a custom domain's mapping when `host` is a deployed
/// domain name, else the API the host names (or the only one).
pub(super) fn select_target<'d, 'p>(
    deployment: &'d Deployment,
    host: &str,
    path: &'p str,
) -> Result<Target<'d, 'p>, GatewayError> {
    let Some(domain) = deployment.domains().get(host) else {
        return Ok(Target {
            api: super::steps::select_api(deployment, host)?,
            mapped: None,
        });
    };
    match domain.select(path) {
        Some(selected) => Ok(Target {
            api: &selected.mapping.api,
            mapped: Some((&selected.mapping.stage, selected.route_path)),
        }),
        None => Err(ClientError::UnmappedPath {
            domain_name: domain.domain_name.clone(),
            path: path.to_owned(),
            mapping_keys: domain.keys().map(str::to_owned).collect(),
        }
        .into()),
    }
}

impl<'d, 'p> Target<'d, 'p> {
    /// The stage: the mapping's, or the one the path's first segment names (404 when none).
    pub(super) fn select_stage(&self, path: &'p str) -> Result<Selected<'d, 'p>, GatewayError> {
        let Some((stage_name, route_path)) = self.mapped else {
            let stage = self
                .api
                .stages
                .select(path)
                .ok_or_else(|| ClientError::NoStage {
                    path: path.to_owned(),
                })?;
            return Ok(Selected {
                stage,
                raw_path: path,
            });
        };
        // The mapping was checked against the API's stages when it was compiled.
        let (name, stage) = self
            .api
            .stages
            .get(stage_name)
            .ok_or_else(|| InternalError {
                what: format!(
                    "API mapping to stage {stage_name:?}, which API {} does not have",
                    self.api.api_id
                ),
            })?;
        Ok(Selected {
            stage: SelectedStage {
                name,
                stage,
                route_path,
            },
            raw_path: route_path,
        })
    }
}
