//! `Layers`: which of the function's layers gantry can give it, and their content.
//!
//! Lambda extracts a function's layers into `/opt` in the order `Layers` lists them, a
//! later layer's files replacing an earlier one's (lambda.md §5.2). gantry gives the function
//! the content of each layer version declared in the same stack; the Lambda host lays
//! them out (`lambda-host`'s `code::layers`).

use store::model::{LayerContent, ResourceModel};

use crate::ProviderError;
use crate::provider::{ProviderRequest, ProviderWarning};

/// Lambda's limit on the layers of one function (lambda.md §5.2).
pub(crate) const MAX_LAYERS: usize = 5;

/// The content of each layer in `layers` that is a layer version of this stack, in order,
/// and a warning naming each other one.
pub(super) fn contents(
    layers: &[String],
    request: &ProviderRequest<'_>,
) -> Result<(Vec<LayerContent>, Vec<ProviderWarning>), ProviderError> {
    if layers.len() > MAX_LAYERS {
        return Err(ProviderError::invalid(
            "Layers",
            format!(
                "has {} layers; Lambda allows at most {MAX_LAYERS} per function",
                layers.len()
            ),
        ));
    }
    let mut contents = Vec::new();
    let mut warnings = Vec::new();
    for arn in layers {
        let declared = request.deployed_models().find_map(|model| match model {
            ResourceModel::LayerVersion(layer) if layer.layer_version_arn == *arn => Some(layer),
            _ => None,
        });
        match declared {
            Some(layer) => contents.push(LayerContent {
                layer_version_arn: arn.clone(),
                content: layer.content.clone(),
            }),
            None => warnings.push(ProviderWarning::property(
                "Layers",
                format!(
                    "{arn} is not a layer version of this stack and gantry does not fetch layers from AWS, so its files are not available to the function; declare the layer in the template as an AWS::Lambda::LayerVersion (or AWS::Serverless::LayerVersion) with local Content"
                ),
            )),
        }
    }
    Ok((contents, warnings))
}
