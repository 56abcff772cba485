//! Inert stand-ins for resource types gantry cannot deploy (`--allow-unsupported`).

use arn::Arn;
use store::model::ResourceModel;

use crate::ProviderError;
use crate::provider::{ProviderRequest, Provisioned};

/// A placeholder has a physical id, so `Ref` resolves, and an `Arn` when the type has
/// one. Other attributes stay unresolved: a reference to them fails the deployment with a
/// clear reason rather than receiving a made-up value.
pub(crate) fn provision_placeholder(
    request: &ProviderRequest<'_>,
    resource_type: &str,
    has_arn: bool,
) -> Result<Provisioned, ProviderError> {
    let physical_id = request.generated_name(64);
    let mut provisioned = Provisioned::new(
        physical_id.clone(),
        ResourceModel::Placeholder {
            resource_type: resource_type.to_owned(),
        },
    );
    if has_arn {
        let service = resource_type
            .split("::")
            .nth(1)
            .unwrap_or("unknown")
            .to_ascii_lowercase();
        provisioned = provisioned.attribute(
            "Arn",
            Arn::new(
                request.stack.partition,
                &service,
                &request.stack.region,
                &request.stack.account_id,
                physical_id.clone(),
            )
            .to_string(),
        );
    }
    let what = super::event_source_note(resource_type)
        .map(|note| format!(" ({note})"))
        .unwrap_or_default();
    Ok(provisioned.warning(format!(
        "{resource_type} is not deployed by gantry; {} is an inert placeholder{what}",
        request.logical_id
    )))
}

pub(crate) use provision_placeholder as provision;
