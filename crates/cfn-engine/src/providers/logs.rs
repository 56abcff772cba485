//! `AWS::Logs::LogGroup`.

use arn::Arn;
use store::model::{LogGroup, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// CloudWatch Logs' limit on log group names.
const MAX_NAME_LEN: usize = 512;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let log_group_name = match props.string("LogGroupName")? {
        Some(name) => name,
        None => request.generated_name(MAX_NAME_LEN),
    };
    let arn = Arn::log_group(
        request.stack.partition,
        &request.stack.region,
        &request.stack.account_id,
        &log_group_name,
    )
    .to_string();
    let log_group = LogGroup {
        log_group_name: log_group_name.clone(),
        arn: arn.clone(),
        retention_in_days: props.u32("RetentionInDays")?,
    };
    Ok(Provisioned::new(log_group_name, ResourceModel::LogGroup(log_group)).attribute("Arn", arn))
}
