//! `AWS::Cognito::UserPoolClient`: an app client of a user pool; its id is what ID tokens
//! carry as `aud` and access tokens as `client_id`.

use store::model::ResourceModel;
use store::model::cognito::UserPoolClient;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let client_id = request.physical_id_or(|| request.ids.user_pool_client_id());
    let name = props
        .string("ClientName")?
        .unwrap_or_else(|| request.logical_id.to_owned());
    let client = UserPoolClient {
        client_id: client_id.clone(),
        user_pool_id: props.required_string("UserPoolId")?,
        name: name.clone(),
    };
    let mut provisioned =
        Provisioned::new(client_id.clone(), ResourceModel::UserPoolClient(client))
            .attribute("ClientId", client_id)
            .attribute("Name", name);
    if props.bool("GenerateSecret")? == Some(true) {
        provisioned = provisioned.warning(
            "Properties.GenerateSecret: no client secret exists locally (the built-in issuer \
             stands in for the pool), so ClientSecret has no value; a template reading it with \
             Fn::GetAtt fails to deploy",
        );
    }
    Ok(provisioned)
}
