//! `AWS::Lambda::LayerVersion`: a version of a layer, its content found locally like a
//! function's code (a local path, a CDK asset, or an S3 object's local copy).
//!
//! `Ref` returns the `LayerVersionArn` (`arn:...:layer:{name}:{version}`); so does
//! `Fn::GetAtt LayerVersionArn`. Versions count from 1 per layer name: a changed layer
//! (updated in place, or replaced under a new logical id as SAM does) is the next version.

use arn::Arn;
use store::model::{Architecture, LayerVersion, ResourceModel};

use super::function::code::layer_content;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// Lambda's limit on layer names.
const MAX_NAME_LEN: usize = 140;
/// Lambda's limits on `CompatibleRuntimes` and `CompatibleArchitectures`.
const MAX_COMPATIBLE_RUNTIMES: usize = 15;
const MAX_COMPATIBLE_ARCHITECTURES: usize = 2;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    // Unconfirmed: without LayerName, CloudFormation's generated name is taken to have
    // the usual `{stack}-{logicalId}-{suffix}` shape.
    let layer_name = match props.string("LayerName")? {
        Some(name) => name,
        None => match request.previous.map(|p| &p.model) {
            Some(ResourceModel::LayerVersion(previous)) => previous.layer_name.clone(),
            _ => request.ids.physical_name(
                &request.stack.stack_name,
                request.logical_id,
                MAX_NAME_LEN,
            ),
        },
    };
    let layer_arn = Arn::new(
        request.stack.partition,
        "lambda",
        &request.stack.region,
        &request.stack.account_id,
        format!("layer:{layer_name}"),
    )
    .to_string();
    let version = version_number(request, &layer_arn);
    let layer = LayerVersion {
        layer_version_arn: format!("{layer_arn}:{version}"),
        layer_name,
        layer_arn,
        version,
        content: layer_content(
            &request.stack.template_dir,
            request.properties,
            request.metadata,
        )?,
        compatible_runtimes: limited(&props, "CompatibleRuntimes", MAX_COMPATIBLE_RUNTIMES)?,
        compatible_architectures: limited(
            &props,
            "CompatibleArchitectures",
            MAX_COMPATIBLE_ARCHITECTURES,
        )?
        .iter()
        .map(|name| name.parse::<Architecture>())
        .collect::<Result<_, _>>()
        .map_err(|e| ProviderError::invalid("CompatibleArchitectures", e))?,
    };
    let arn = layer.layer_version_arn.clone();
    Ok(
        Provisioned::new(arn.clone(), ResourceModel::LayerVersion(layer))
            .attribute("LayerVersionArn", arn),
    )
}

/// The same version when nothing changed, else one more than the highest version of the
/// layer this stack has published (every property of a layer version is immutable).
fn version_number(request: &ProviderRequest<'_>, layer_arn: &str) -> u32 {
    if let Some(previous) = request.previous
        && previous.properties == *request.properties
        && let ResourceModel::LayerVersion(layer) = &previous.model
        && layer.layer_arn == layer_arn
    {
        return layer.version;
    }
    request
        .deployed_models()
        .chain(request.previous_models())
        .filter_map(|model| match model {
            ResourceModel::LayerVersion(layer) if layer.layer_arn == layer_arn => {
                Some(layer.version)
            }
            _ => None,
        })
        .max()
        .unwrap_or(0)
        + 1
}

fn limited(props: &Properties<'_>, name: &str, max: usize) -> Result<Vec<String>, ProviderError> {
    let items = props.strings(name)?;
    if items.len() > max {
        return Err(ProviderError::invalid(
            name,
            format!("has {} items; Lambda allows at most {max}", items.len()),
        ));
    }
    Ok(items)
}
