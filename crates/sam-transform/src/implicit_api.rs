//! What the implicit `ServerlessHttpApi` and `ServerlessRestApi` have in common: the
//! translator makes both with one plugin, whose API takes the functions' deletion
//! policies and goes again when no event added a route to it.

use serde_json::{Map, Value};

use crate::template::Template;

/// `DeletionPolicy` (`Retain` over `Delete`) and `UpdateReplacePolicy` (`Retain` over
/// `Snapshot` over `Delete`) of the functions whose events use the implicit API `api_id`.
pub(crate) fn add_policies(
    template: &mut Template<'_>,
    api_id: &str,
    deletion_policies: &[Option<String>],
    update_replace_policies: &[Option<String>],
) {
    let strongest = |policies: &[Option<String>], order: &[&str]| {
        order
            .iter()
            .find(|wanted| policies.iter().flatten().any(|p| p == *wanted))
            .map(|p| (*p).to_owned())
    };
    let deletion = strongest(deletion_policies, &["Retain", "Delete"]);
    let update_replace = strongest(update_replace_policies, &["Retain", "Snapshot", "Delete"]);
    if let Some(Value::Object(api)) = template.resource_mut(api_id) {
        if let Some(policy) = deletion {
            api.insert("DeletionPolicy".to_owned(), Value::String(policy));
        }
        if let Some(policy) = update_replace {
            api.insert("UpdateReplacePolicy".to_owned(), Value::String(policy));
        }
    }
}

/// Removes the implicit API `api_id` when no event added a path to it, restoring the
/// user's own resource of that name when there was one.
pub(crate) fn remove_if_unused(
    template: &mut Template<'_>,
    api_id: &str,
    user_resource: Option<Value>,
) {
    let unused = template
        .resource(api_id)
        .and_then(|api| api.get("Properties"))
        .and_then(|properties| properties.get("DefinitionBody"))
        .and_then(|body| body.get("paths"))
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty);
    if !unused {
        return;
    }
    match user_resource {
        Some(resource) => {
            template.resources_mut().insert(api_id.to_owned(), resource);
        }
        None => {
            template.resources_mut().shift_remove(api_id);
        }
    }
}
