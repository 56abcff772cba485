//! `AWS::CDK::Metadata`: the CDK's version reporting (cdk.md §6). It creates nothing and
//! has no attributes; its `Analytics` (which construct libraries the app uses) is for
//! AWS's usage statistics, not for anything deployed.

use store::model::ResourceModel;

use crate::ProviderError;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    // Unconfirmed: the physical id CloudFormation gives this resource; a UUID here.
    let physical_id = request.physical_id_or(|| request.ids.stack_uuid());
    Ok(Provisioned::new(physical_id, ResourceModel::CdkMetadata))
}
