//! `AWS::ApiGatewayV2::ApiMapping`: a path of a custom domain name routed to an API's
//! stage (§7.4).

use store::model::{ApiMapping, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let mapping = ApiMapping {
        api_mapping_id: request.physical_id_or(|| request.ids.short_id()),
        domain_name: props.required_string("DomainName")?,
        api_id: props.required_string("ApiId")?,
        stage: props.required_string("Stage")?,
        api_mapping_key: mapping_key(props.string("ApiMappingKey")?.as_deref().unwrap_or(""))?,
    };
    let id = mapping.api_mapping_id.clone();
    Ok(
        Provisioned::new(id.clone(), ResourceModel::ApiMapping(mapping))
            .attribute("ApiMappingId", id),
    )
}

/// `ApiMappingKey`: path segments without leading or trailing `/` (`orders/v1`), or empty
/// for the domain's root.
fn mapping_key(key: &str) -> Result<String, ProviderError> {
    let valid = key.is_empty()
        || (!key.starts_with('/')
            && !key.ends_with('/')
            && key.split('/').all(|segment| !segment.is_empty()));
    if valid {
        Ok(key.to_owned())
    } else {
        Err(ProviderError::invalid(
            "ApiMappingKey",
            format!(
                "must be path segments without a leading or trailing '/' (e.g. orders/v1), or empty for the root; found {key:?}"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_segments_without_outer_slashes() {
        assert_eq!(mapping_key("").unwrap(), "");
        assert_eq!(mapping_key("orders/v1").unwrap(), "orders/v1");
        for bad in ["/orders", "orders/", "orders//v1"] {
            let err = mapping_key(bad).unwrap_err().to_string();
            assert!(err.contains("Properties.ApiMappingKey"), "{bad}: {err}");
        }
    }
}
