//! `AWS::Cognito::UserPool`: its id (`{region}_{9 letters and digits}`), ARN and provider
//! name and URL. gantry's built-in issuer stands in for the pool.

use arn::Arn;
use store::model::ResourceModel;
use store::model::cognito::UserPool;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let region = &request.stack.region;
    let user_pool_id =
        request.physical_id_or(|| format!("{region}_{}", request.ids.user_pool_suffix()));
    let previous_name = request.previous.and_then(|record| match &record.model {
        ResourceModel::UserPool(pool) => Some(pool.name.clone()),
        _ => None,
    });
    let name = match props.string("UserPoolName")? {
        Some(name) => name,
        None => previous_name.unwrap_or_else(|| request.generated_name(128)),
    };
    let provider_name = format!(
        "cognito-idp.{region}.{}/{user_pool_id}",
        request.stack.partition.dns_suffix()
    );
    let pool = UserPool {
        arn: Arn::new(
            request.stack.partition,
            "cognito-idp",
            region,
            &request.stack.account_id,
            format!("userpool/{user_pool_id}"),
        )
        .to_string(),
        provider_url: format!("https://{provider_name}"),
        provider_name,
        user_pool_id: user_pool_id.clone(),
        name,
    };
    let mut provisioned =
        Provisioned::new(user_pool_id.clone(), ResourceModel::UserPool(pool.clone()))
            .attribute("Arn", pool.arn)
            .attribute("ProviderName", pool.provider_name)
            .attribute("ProviderURL", pool.provider_url)
            .attribute("UserPoolId", user_pool_id);
    if props.value("LambdaConfig").is_some() {
        provisioned = provisioned.warning(
            "Properties.LambdaConfig: the pool's Lambda triggers are not invoked: gantry's \
             built-in issuer stands in for the pool and signs tokens without them",
        );
    }
    Ok(provisioned)
}
