//! `AWS::ApiGateway::BasePathMapping`: a base path of a custom domain leading to a REST
//! API's stage (aws-rest-api.md §1.1). An empty base path (or `(none)`, as the API
//! spells it) maps the domain's root.

use store::model::ResourceModel;
use store::model::apigateway::BasePathMapping;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// How API Gateway spells the empty base path.
const NONE: &str = "(none)";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let domain_name = props.required_string("DomainName")?.to_ascii_lowercase();
    let base_path = base_path(props.string("BasePath")?.as_deref().unwrap_or(""))?;
    let mapping = BasePathMapping {
        domain_name,
        base_path,
        rest_api_id: props.required_string("RestApiId")?,
        stage: props.string("Stage")?,
    };
    // Unconfirmed: AWS does not document a BasePathMapping's Ref; gantry returns its
    // identifier, `{DomainName}/{BasePath}` (aws-rest-api.md §10).
    let id = format!("{}/{}", mapping.domain_name, mapping.base_path);
    Ok(Provisioned::new(
        id,
        ResourceModel::BasePathMapping(mapping),
    ))
}

/// A base path: segments without a leading or trailing `/`, or empty for the root.
fn base_path(given: &str) -> Result<String, ProviderError> {
    if given.is_empty() || given == NONE {
        return Ok(String::new());
    }
    let valid = !given.starts_with('/')
        && !given.ends_with('/')
        && given.split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        });
    if valid {
        Ok(given.to_owned())
    } else {
        Err(ProviderError::invalid(
            "BasePath",
            format!(
                "must be path segments without a leading or trailing '/' (e.g. orders/v1), or \
                 empty for the root; found {given:?}"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_segments_or_the_root() {
        assert_eq!(base_path("").unwrap(), "");
        assert_eq!(base_path("(none)").unwrap(), "");
        assert_eq!(base_path("v1/orders").unwrap(), "v1/orders");
        for bad in ["/v1", "v1/", "a//b"] {
            assert!(
                base_path(bad)
                    .unwrap_err()
                    .to_string()
                    .contains("Properties.BasePath")
            );
        }
    }
}
