//! `AWS::ApiGateway::DomainName`: a custom domain for REST APIs, served like an HTTP API's
//! (the request's `Host` header picks it; aws-rest-api.md §1.1), with the attributes AWS
//! gives an edge (`Distribution*`) and a regional (`Regional*`) domain. Certificates and
//! TLS settings are accepted and named in a warning (gantry serves plain HTTP); mutual TLS
//! is refused, since serving without it would let in clients AWS refuses.

use store::model::ResourceModel;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};
use crate::providers::apigatewayv2::domain_name::{
    check_domain_name, domain_name_model, new_regional_domain_name, refuse_mutual_tls,
    with_regional_hosted_zone,
};

/// The Route 53 hosted zone of every CloudFront distribution (aws-rest-api.md §10).
const DISTRIBUTION_HOSTED_ZONE_ID: &str = "Z2FDTNDATAQYW2";

/// Properties about certificates and TLS, which plain HTTP does not use.
const TLS: &[&str] = &[
    "CertificateArn",
    "RegionalCertificateArn",
    "SecurityPolicy",
    "OwnershipVerificationCertificateArn",
    "EndpointConfiguration",
    "EndpointAccessMode",
    "RoutingMode",
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let domain_name = props.required_string("DomainName")?;
    check_domain_name(&domain_name)?;
    refuse_mutual_tls(&props, &domain_name)?;
    let previous = request.previous.and_then(|record| match &record.model {
        ResourceModel::RestDomainName(previous) if previous.domain_name == domain_name => Some((
            previous.regional_domain_name.clone(),
            record.attributes.get("DistributionDomainName").cloned(),
        )),
        _ => None,
    });
    let (regional_domain_name, distribution) = match previous {
        Some((regional, Some(distribution))) => (regional, distribution),
        _ => (
            new_regional_domain_name(request),
            request.ids.distribution_host().into(),
        ),
    };
    let model = domain_name_model(request, &domain_name, regional_domain_name);
    let mut provisioned = Provisioned::new(
        domain_name.clone(),
        ResourceModel::RestDomainName(model.clone()),
    )
    .attribute("DomainNameArn", model.domain_name_arn.clone())
    .attribute("DistributionDomainName", distribution)
    .attribute("DistributionHostedZoneId", DISTRIBUTION_HOSTED_ZONE_ID)
    .attribute("RegionalDomainName", model.regional_domain_name.clone());
    provisioned = with_regional_hosted_zone(provisioned, request);
    let tls: Vec<&str> = TLS
        .iter()
        .copied()
        .filter(|name| props.value(name).is_some())
        .collect();
    if !tls.is_empty() {
        provisioned = provisioned.warning(format!(
            "{} of {domain_name} are not emulated: gantry serves the domain over plain HTTP on its \
             own port; call it with curl -H 'Host: {domain_name}' http://127.0.0.1:PORT/...",
            tls.join(", ")
        ));
    }
    Ok(provisioned)
}
