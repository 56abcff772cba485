//! `AWS::ApiGatewayV2::DomainName`: a custom domain name. gantry serves it on its own
//! listener, chosen by the request's `Host` header (§7.4); TLS settings are accepted and
//! named in a warning, since gantry serves plain HTTP.

use arn::Arn;
use store::model::{DomainName, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// Route 53 hosted zone of API Gateway's regional endpoints, by region (§7.4).
const REGIONAL_HOSTED_ZONE_IDS: &[(&str, &str)] = &[
    ("us-east-1", "Z1UJRXOUMOOFQ8"),
    ("us-east-2", "ZOJJZC49E0EPZ"),
    ("us-west-1", "Z2MUQ32089INYE"),
    ("us-west-2", "Z2OJLYMUO9EFXC"),
    ("ap-south-1", "Z3VO1THU9YC4UR"),
    ("ap-northeast-1", "Z1YSHQZHG15GKL"),
    ("ap-northeast-2", "Z20JF4UZKIW1U8"),
    ("ap-northeast-3", "Z2YQB5RD63NC85"),
    ("ap-southeast-1", "ZL327KTPIQFUL"),
    ("ap-southeast-2", "Z2RPCDW04V8134"),
    ("ca-central-1", "Z19DQILCV0OWEC"),
    ("eu-central-1", "Z1U9ULNL0V5AJ3"),
    ("eu-west-1", "ZLY8HYME6SFDD"),
    ("eu-west-2", "ZJ5UAJN8Y3Z2Q"),
    ("eu-west-3", "Z3KY65QIEKYHQQ"),
    ("sa-east-1", "ZCMLWB8V5SYIT"),
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let domain_name = props.required_string("DomainName")?;
    check_domain_name(&domain_name)?;
    let previous = request.previous.and_then(|record| match &record.model {
        ResourceModel::DomainName(previous) if previous.domain_name == domain_name => {
            Some(previous)
        }
        _ => None,
    });
    let regional_domain_name = previous.map_or_else(
        || new_regional_domain_name(request),
        |p| p.regional_domain_name.clone(),
    );
    let model = domain_name_model(request, &domain_name, regional_domain_name);
    let mut provisioned = Provisioned::new(domain_name, ResourceModel::DomainName(model.clone()))
        .attribute("DomainNameArn", model.domain_name_arn.clone())
        .attribute("RegionalDomainName", model.regional_domain_name.clone());
    provisioned = with_regional_hosted_zone(provisioned, request);
    for warning in warnings(&props, &model.domain_name)? {
        provisioned = provisioned.warning(warning);
    }
    Ok(provisioned)
}

/// `RegionalDomainName` of a new domain name (HTTP or REST API).
pub(crate) fn new_regional_domain_name(request: &ProviderRequest<'_>) -> String {
    format!(
        "d-{}.execute-api.{}.{}",
        request.ids.api_id(),
        request.stack.region,
        request.stack.partition.dns_suffix()
    )
}

/// The stored domain name (HTTP or REST API), its ARN in the stack's partition and region.
pub(crate) fn domain_name_model(
    request: &ProviderRequest<'_>,
    domain_name: &str,
    regional_domain_name: String,
) -> DomainName {
    DomainName {
        domain_name_arn: Arn::new(
            request.stack.partition,
            "apigateway",
            &request.stack.region,
            "",
            format!("/domainnames/{domain_name}"),
        )
        .to_string(),
        regional_domain_name,
        domain_name: domain_name.to_owned(),
    }
}

/// Adds `RegionalHostedZoneId` when the stack's region is one whose zone gantry knows.
pub(crate) fn with_regional_hosted_zone(
    provisioned: Provisioned,
    request: &ProviderRequest<'_>,
) -> Provisioned {
    match REGIONAL_HOSTED_ZONE_IDS
        .iter()
        .find(|(region, _)| *region == request.stack.region)
    {
        Some((_, zone)) => provisioned.attribute("RegionalHostedZoneId", *zone),
        None => provisioned,
    }
}

/// Refuses `MutualTlsAuthentication` (HTTP or REST API domain names): it is access
/// control, and serving the domain without it would let through clients AWS refuses
/// (fail closed).
pub(crate) fn refuse_mutual_tls(
    props: &Properties<'_>,
    domain_name: &str,
) -> Result<(), ProviderError> {
    if props.object("MutualTlsAuthentication")?.is_some() {
        return Err(ProviderError::NotSupported(format!(
            "MutualTlsAuthentication on {domain_name} is not supported: gantry serves plain HTTP \
             and cannot ask for client certificates, so it would let in every client; remove \
             MutualTlsAuthentication for local runs (e.g. with a Condition)"
        )));
    }
    Ok(())
}

/// AWS refuses upper-case letters and underscores in `DomainName`.
pub(crate) fn check_domain_name(domain_name: &str) -> Result<(), ProviderError> {
    let valid = !domain_name.is_empty()
        && domain_name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.' || b == b'*'
        });
    if valid {
        Ok(())
    } else {
        Err(ProviderError::invalid(
            "DomainName",
            format!(
                "must be a lower-case host name (letters, digits, '-', '.'), found {domain_name:?}"
            ),
        ))
    }
}

/// The properties gantry accepts but does not emulate, each named.
fn warnings(props: &Properties<'_>, domain_name: &str) -> Result<Vec<String>, ProviderError> {
    let mut warnings = Vec::new();
    if props.value("DomainNameConfigurations").is_some() {
        warnings.push(format!(
            "DomainNameConfigurations of {domain_name} (certificate, endpoint type, TLS policy) \
             are not emulated: gantry serves the domain over plain HTTP on its own port; call it \
             with curl -H 'Host: {domain_name}' http://127.0.0.1:PORT/..."
        ));
    }
    refuse_mutual_tls(props, domain_name)?;
    if props.value("RoutingMode").is_some() {
        warnings.push(format!(
            "RoutingMode of {domain_name} is not emulated: gantry routes the domain by its API mappings"
        ));
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn domain_names_in_upper_case_are_refused_naming_the_property() {
        let err = check_domain_name("Api.Example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("Properties.DomainName"), "{err}");
        assert!(check_domain_name("api.example.com").is_ok());
        assert!(check_domain_name("").is_err());
    }

    #[test]
    fn tls_settings_are_named_in_a_warning() {
        let props = json!({
            "DomainNameConfigurations": [{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/x"}],
        });
        let warnings = warnings(&Properties::new(&props), "api.example.com").unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("DomainNameConfigurations"));
    }

    #[test]
    fn mutual_tls_is_refused() {
        let props = json!({"MutualTlsAuthentication": {"TruststoreUri": "s3://bucket/key"}});
        let err = warnings(&Properties::new(&props), "api.example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("MutualTlsAuthentication"), "{err}");
    }

    #[test]
    fn a_plain_domain_has_no_warning() {
        let props = json!({"DomainName": "api.example.com"});
        assert!(
            warnings(&Properties::new(&props), "api.example.com")
                .unwrap()
                .is_empty()
        );
    }
}
