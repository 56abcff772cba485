//! `RequestParameters` and `ResponseParameters` of an integration, read into the model
//! (the data plane checks each mapping's syntax through `DeployChecks`, §6.5), and the
//! properties that decide how API Gateway reaches the endpoint.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ProviderError;
use crate::properties::Properties;

/// `ResponseParameters`: `{"200": {"ResponseParameters": [{"Source", "Destination"}]}}`
/// in CloudFormation, kept as status → destination → source.
pub(super) fn response_parameters(
    props: &Properties<'_>,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, ProviderError> {
    const PROPERTY: &str = "ResponseParameters";
    let shape = "must map status codes to {ResponseParameters: [{Destination, Source}]}";
    let Some(value) = props.value(PROPERTY) else {
        return Ok(BTreeMap::new());
    };
    let Value::Object(by_status) = value else {
        return Err(ProviderError::invalid(PROPERTY, shape));
    };
    let mut out = BTreeMap::new();
    for (status, map) in by_status {
        let at = format!("{PROPERTY}.{status}.ResponseParameters");
        let list = match map.get("ResponseParameters") {
            Some(Value::Array(list)) => list,
            _ => {
                return Err(ProviderError::invalid(
                    &format!("{PROPERTY}.{status}"),
                    shape,
                ));
            }
        };
        let mut mappings = BTreeMap::new();
        for (index, entry) in list.iter().enumerate() {
            let field = |name: &str| {
                entry.get(name).and_then(Value::as_str).ok_or_else(|| {
                    ProviderError::invalid(&format!("{at}[{index}].{name}"), "must be a string")
                })
            };
            mappings.insert(
                field("Destination")?.to_owned(),
                field("Source")?.to_owned(),
            );
        }
        out.insert(status.clone(), mappings);
    }
    Ok(out)
}

/// `ConnectionType`: `INTERNET` is served; `VPC_LINK` (private integrations) is refused.
pub(super) fn check_connection_type(props: &Properties<'_>) -> Result<(), ProviderError> {
    match props.string("ConnectionType")?.as_deref() {
        None | Some("INTERNET") => Ok(()),
        Some("VPC_LINK") => Err(ProviderError::NotSupported(
            "Properties.ConnectionType VPC_LINK (a private integration through a VPC link) is not emulated: there is no VPC locally. Use ConnectionType INTERNET with the endpoint's URL as IntegrationUri".to_owned(),
        )),
        Some(other) => Err(ProviderError::invalid(
            "ConnectionType",
            format!("must be INTERNET or VPC_LINK, found {other:?}"),
        )),
    }
}

/// Warnings about properties that are accepted but do nothing locally.
pub(super) fn warnings(props: &Properties<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if props.value("TlsConfig").is_some() {
        out.push("Properties.TlsConfig applies to private (VPC_LINK) integrations only and is ignored; gantry verifies TLS against the IntegrationUri's host".to_owned());
    }
    if let Ok(Some(subtype)) = props.string("IntegrationSubtype") {
        out.push(format!(
            "Properties.IntegrationSubtype {subtype}: AWS service integrations are not emulated; the routes using this integration answer 500 (deployed because of --allow-unsupported)"
        ));
    }
    out
}
