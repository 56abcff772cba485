//! `AWS::ApiGateway::Resource`: one path part of a REST API's resource tree, under the
//! root or another resource. The tree's rules are checked as CreateResource checks them
//! (aws-rest-api.md §1.3) against the resources deployed so far.

use store::model::ResourceModel;
use store::model::apigateway::Resource;

use super::lookup::{self, Found};
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    let parent_id = props.required_string("ParentId")?;
    let path_part = props.required_string("PathPart")?;
    check_path_part(&path_part)?;
    let api = lookup::rest_api(request, &rest_api_id)?;
    let parent = lookup::resource(request, api, &parent_id, "ParentId")?;
    let resource_id = request.physical_id_or(|| request.ids.short_id());
    let siblings: Vec<&Resource> = lookup::resources(request, api)
        .filter(|other| other.parent_id == parent_id && other.resource_id != resource_id)
        .collect();
    check_place(&parent, &path_part, &siblings)?;
    let path = match parent.path() {
        "/" => format!("/{path_part}"),
        parent_path => format!("{parent_path}/{path_part}"),
    };
    let resource = Resource {
        rest_api_id,
        resource_id: resource_id.clone(),
        parent_id,
        path_part,
        path,
    };
    Ok(
        Provisioned::new(resource_id.clone(), ResourceModel::RestResource(resource))
            .attribute("ResourceId", resource_id),
    )
}

/// Whether a path part is a variable (`{id}` or `{proxy+}`), and whether it is greedy.
fn variable(path_part: &str) -> Option<bool> {
    let name = path_part.strip_prefix('{')?.strip_suffix('}')?;
    Some(name.ends_with('+'))
}

/// A literal segment, `{name}` or `{name+}`; no `/`, braces only around a whole segment
/// (aws-rest-api.md §1.3).
fn check_path_part(path_part: &str) -> Result<(), ProviderError> {
    let literal_ok = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.,:~@!$&'()*;=".contains(c))
    };
    let valid = match path_part
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
    {
        Some(name) => literal_ok(name.strip_suffix('+').unwrap_or(name)),
        None => literal_ok(path_part),
    };
    if valid {
        Ok(())
    } else {
        Err(ProviderError::invalid(
            "PathPart",
            format!(
                "must be one path segment: a literal (letters, digits, _ - . , :), {{name}} or \
                 {{name+}}, without '/'; found {path_part:?}"
            ),
        ))
    }
}

/// The tree's rules (aws-rest-api.md §1.3): no child under a greedy resource, one variable child per
/// parent, unique names among siblings. The messages are AWS's.
fn check_place(
    parent: &Found<'_>,
    path_part: &str,
    siblings: &[&Resource],
) -> Result<(), ProviderError> {
    if let Found::Resource(parent) = parent
        && variable(&parent.path_part) == Some(true)
    {
        return Err(ProviderError::NotSupported(format!(
            "Cannot create a child of a resource with a greedy path variable: {} (AWS refuses it: \
             a greedy variable must be the last segment)",
            parent.path_part
        )));
    }
    if let Some(same) = siblings.iter().find(|s| s.path_part == path_part) {
        return Err(ProviderError::NotSupported(format!(
            "Another resource with the same parent already has this name: {} (resource {})",
            path_part, same.resource_id
        )));
    }
    if variable(path_part).is_some()
        && let Some(other) = siblings.iter().find(|s| variable(&s.path_part).is_some())
    {
        return Err(ProviderError::NotSupported(format!(
            "A sibling ({}) of this resource already has a variable path part -- only one is allowed",
            other.path_part
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: &str, path_part: &str) -> Resource {
        Resource {
            rest_api_id: "api".into(),
            resource_id: id.into(),
            parent_id: "root".into(),
            path_part: path_part.into(),
            path: format!("/{path_part}"),
        }
    }

    #[test]
    fn path_parts_are_one_segment_literal_or_variable() {
        for good in ["pets", "{id}", "{proxy+}", "v1.2", "a_b-c"] {
            assert!(check_path_part(good).is_ok(), "{good}");
        }
        for bad in ["a/b", "", "a{b}", "{}", "{+}", "{a", "pets?"] {
            let err = check_path_part(bad).unwrap_err().to_string();
            assert!(err.contains("Properties.PathPart"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_second_variable_sibling_is_refused_with_aws_message() {
        let id = resource("a", "{id}");
        let err = check_place(&Found::Root, "{proxy+}", &[&id])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "A sibling ({id}) of this resource already has a variable path part -- only one is allowed"
            ),
            "{err}"
        );
        assert!(check_place(&Found::Root, "pets", &[&id]).is_ok());
    }

    #[test]
    fn nothing_grows_under_a_greedy_resource() {
        let greedy = resource("g", "{proxy+}");
        let err = check_place(&Found::Resource(&greedy), "x", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "Cannot create a child of a resource with a greedy path variable: {proxy+}"
            ),
            "{err}"
        );
    }

    #[test]
    fn siblings_have_distinct_names() {
        let pets = resource("p", "pets");
        let err = check_place(&Found::Root, "pets", &[&pets])
            .unwrap_err()
            .to_string();
        assert!(err.contains("already has this name: pets"), "{err}");
    }
}
