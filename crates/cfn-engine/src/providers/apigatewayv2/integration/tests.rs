//! The integration properties gantry reads for HTTP proxies and parameter mappings.

use serde_json::json;

use super::parameters::{check_connection_type, response_parameters, warnings};
use crate::ProviderError;
use crate::properties::Properties;

#[test]
fn response_parameters_are_read_from_cloudformations_list_shape() {
    let properties = json!({"ResponseParameters": {
        "404": {"ResponseParameters": [
            {"Destination": "overwrite:statuscode", "Source": "200"},
            {"Destination": "append:header.x-was", "Source": "$response.header.x"}
        ]},
        "500": {"ResponseParameters": []}
    }});
    let read = response_parameters(&Properties::new(&properties)).unwrap();
    assert_eq!(read["404"]["overwrite:statuscode"], "200");
    assert_eq!(read["404"]["append:header.x-was"], "$response.header.x");
    assert!(read["500"].is_empty());
    assert!(
        response_parameters(&Properties::new(&json!({})))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn malformed_response_parameters_name_the_property() {
    let flat = json!({"ResponseParameters": {"200": {"overwrite:statuscode": "204"}}});
    let error = response_parameters(&Properties::new(&flat)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("Properties.ResponseParameters.200 must map"),
        "{error}"
    );
    let no_source =
        json!({"ResponseParameters": {"200": {"ResponseParameters": [{"Destination": "x"}]}}});
    let error = response_parameters(&Properties::new(&no_source)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Properties.ResponseParameters.200.ResponseParameters[0].Source must be a string"
    );
}

#[test]
fn vpc_link_connections_are_refused_and_internet_is_served() {
    assert!(check_connection_type(&Properties::new(&json!({}))).is_ok());
    assert!(
        check_connection_type(&Properties::new(&json!({"ConnectionType": "INTERNET"}))).is_ok()
    );
    let refused = check_connection_type(&Properties::new(&json!({"ConnectionType": "VPC_LINK"})));
    assert!(
        matches!(&refused, Err(ProviderError::NotSupported(m)) if m.contains("VPC_LINK") && m.contains("ConnectionType INTERNET")),
        "{refused:?}"
    );
    assert!(check_connection_type(&Properties::new(&json!({"ConnectionType": "WIRE"}))).is_err());
}

#[test]
fn tls_config_and_subtypes_are_warned_about() {
    let properties = json!({
        "TlsConfig": {"ServerNameToVerify": "example.com"},
        "IntegrationSubtype": "SQS-SendMessage"
    });
    let warned = warnings(&Properties::new(&properties));
    assert_eq!(warned.len(), 2);
    assert!(warned[0].starts_with("Properties.TlsConfig"));
    assert!(warned[1].contains("IntegrationSubtype SQS-SendMessage"));
    assert!(warnings(&Properties::new(&json!({}))).is_empty());
}
