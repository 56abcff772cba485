//! `AWS::ApiGateway::Account`: the account's CloudWatch role for API Gateway logs.
//! Nothing is served from it; gantry writes its own logs.

use store::model::ResourceModel;
use store::model::apigateway::Account;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let account = Account {
        cloud_watch_role_arn: props.string("CloudWatchRoleArn")?,
    };
    // aws-rest-api.md §10: Ref and Id are an id CloudFormation generates.
    let id = request.generated_name(64);
    Ok(Provisioned::new(id.clone(), ResourceModel::RestAccount(account)).attribute("Id", id))
}
