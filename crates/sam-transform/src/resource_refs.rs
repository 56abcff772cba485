//! SAM's resource references (`Fn.Alias`, `Fn.Version`, `Api.Stage`, `Api.Deployment`,
//! `HttpApi.Stage`, ...) and `Ref`s and `DependsOn` to SAM resources whose id changed
//! (`../shared/reference/sam-cdk.md` A.1 step 7).
//!
//! Three passes over the whole processed template, in the translator's order:
//! 1. `DependsOn` naming a changed id (a LayerVersion's old id) names the new one;
//! 2. `Ref`, `Fn::GetAtt` and `Fn::Sub` to a changed id name the new one;
//! 3. `Ref`, `Fn::GetAtt` and `Fn::Sub` to `<SamId>.<Property>` name the generated
//!    resource it stands for.
//!
//! A reference that names nothing known is left as written, as in the translator (the
//! deploy engine reports it).

use indexmap::IndexMap;
use serde_json::Value;

use crate::template::Template;

/// The properties of each SAM resource type a template may reference as
/// `<SamId>.<Property>`, with the type of the generated resource each stands for.
const REFERABLE_PROPERTIES: &[(&str, &[(&str, &str)])] = &[
    (
        "AWS::Serverless::Function",
        &[
            ("Alias", "AWS::Lambda::Alias"),
            ("Version", "AWS::Lambda::Version"),
            ("DestinationTopic", "AWS::SNS::Topic"),
            ("DestinationQueue", "AWS::SQS::Queue"),
        ],
    ),
    (
        "AWS::Serverless::Api",
        &[
            ("Stage", "AWS::ApiGateway::Stage"),
            ("Deployment", "AWS::ApiGateway::Deployment"),
            ("DomainName", "AWS::ApiGateway::DomainName"),
            ("DomainNameV2", "AWS::ApiGateway::DomainNameV2"),
            ("UsagePlan", "AWS::ApiGateway::UsagePlan"),
            ("UsagePlanKey", "AWS::ApiGateway::UsagePlanKey"),
            ("ApiKey", "AWS::ApiGateway::ApiKey"),
        ],
    ),
    (
        "AWS::Serverless::HttpApi",
        &[
            ("Stage", "AWS::ApiGatewayV2::Stage"),
            ("DomainName", "AWS::ApiGatewayV2::DomainName"),
        ],
    ),
];

/// Records the referable properties of SAM resource `sam_id` from what it generated:
/// each property stands for the last generated resource of its type.
pub(crate) fn register_generated(
    template: &mut Template<'_>,
    sam_id: &str,
    generated: &[(String, Value)],
) {
    let Some(sam_type) = template.sam_types.get(sam_id) else {
        return;
    };
    let Some((_, properties)) = REFERABLE_PROPERTIES.iter().find(|(t, _)| t == sam_type) else {
        return;
    };
    for (property, generated_type) in *properties {
        let last_of_type = generated.iter().rev().find(|(_, resource)| {
            resource.get("Type").and_then(Value::as_str) == Some(generated_type)
        });
        if let Some((logical_id, _)) = last_of_type {
            template.register_ref(sam_id, property, logical_id);
        }
    }
}

/// Rewrites every reference to a renamed SAM resource or to a SAM resource property.
pub(crate) fn resolve(template: &mut Template<'_>) {
    let changed_ids = template.changed_ids.clone();
    let resource_refs = template.resource_refs.clone();
    for value in template.document.values_mut() {
        if !changed_ids.is_empty() {
            rename_depends_on(value, &changed_ids);
            walk(value, &|node| rename_in_intrinsic(node, &changed_ids));
        }
        if !resource_refs.is_empty() {
            walk(value, &|node| resolve_in_intrinsic(node, &resource_refs));
        }
    }
}

/// Pre-order walk: `visit` each mapping (it may rewrite it), then its children.
fn walk(value: &mut Value, visit: &dyn Fn(&mut Value)) {
    visit(value);
    match value {
        Value::Object(map) => map.values_mut().for_each(|item| walk(item, visit)),
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, visit)),
        _ => {}
    }
}

/// Every `DependsOn` (a name or a list of names) anywhere in `value`, renamed.
fn rename_depends_on(value: &mut Value, changed_ids: &IndexMap<String, String>) {
    match value {
        Value::Object(map) => {
            match map.get_mut("DependsOn") {
                Some(Value::String(name)) => {
                    if let Some(new_id) = changed_ids.get(name.as_str()) {
                        *name = new_id.clone();
                    }
                }
                Some(Value::Array(names)) => {
                    for name in names.iter_mut() {
                        if let Some(new_id) = name.as_str().and_then(|n| changed_ids.get(n)) {
                            *name = Value::String(new_id.clone());
                        }
                    }
                }
                _ => {}
            }
            map.values_mut()
                .for_each(|item| rename_depends_on(item, changed_ids));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_depends_on(item, changed_ids)),
        _ => {}
    }
}

/// The intrinsic function `node` is, when it is `Ref`, `Fn::GetAtt` or `Fn::Sub`.
fn intrinsic(node: &mut Value) -> Option<(&str, &mut Value)> {
    let Value::Object(map) = node else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let (name, argument) = map.iter_mut().next()?;
    matches!(name.as_str(), "Ref" | "Fn::GetAtt" | "Fn::Sub").then_some((name.as_str(), argument))
}

/// `Ref: Old`, `Fn::GetAtt: [Old, Attr]` and `${Old}`/`${Old.Attr}` in a `Fn::Sub`,
/// pointed at the new id.
fn rename_in_intrinsic(node: &mut Value, changed_ids: &IndexMap<String, String>) {
    let Some((name, argument)) = intrinsic(node) else {
        return;
    };
    match name {
        "Ref" => {
            if let Value::String(target) = argument {
                if !target.contains('.') {
                    if let Some(new_id) = changed_ids.get(target.as_str()) {
                        *target = new_id.clone();
                    }
                }
            }
        }
        "Fn::GetAtt" => {
            if let Some(parts) = get_att_parts(argument) {
                if let Some((first, rest)) = parts.split_first() {
                    if let Some(new_id) = changed_ids.get(first.as_str()) {
                        *argument = get_att_value(new_id, rest);
                    }
                }
            }
        }
        _ => substitute_sub(argument, |full, name| {
            let logical_id = name.split('.').next().unwrap_or_default();
            changed_ids
                .get(logical_id)
                .map(|new_id| full.replace(logical_id, new_id))
        }),
    }
}

/// `Ref: Sam.Property`, `Fn::GetAtt: [Sam.Property, Attr]` (or `[Sam, Property.Attr]`)
/// and `${Sam.Property}`/`${Sam.Property.Attr}` in a `Fn::Sub`, pointed at the generated
/// resource.
fn resolve_in_intrinsic(node: &mut Value, refs: &IndexMap<(String, String), String>) {
    let lookup =
        |logical_id: &str, property: &str| refs.get(&(logical_id.to_owned(), property.to_owned()));
    let Some((name, argument)) = intrinsic(node) else {
        return;
    };
    match name {
        "Ref" => {
            if let Value::String(target) = argument {
                if let Some((logical_id, property)) = target.split_once('.') {
                    if let Some(resolved) = lookup(logical_id, property) {
                        *target = resolved.clone();
                    }
                }
            }
        }
        "Fn::GetAtt" => {
            if let Some(parts) = get_att_parts(argument) {
                if let [logical_id, property, rest @ ..] = parts.as_slice() {
                    if let Some(resolved) = lookup(logical_id, property) {
                        *argument = get_att_value(resolved, rest);
                    }
                }
            }
        }
        _ => substitute_sub(argument, |full, name| {
            let mut parts = name.split('.');
            let (logical_id, property) = (parts.next()?, parts.next()?);
            let resolved = lookup(logical_id, property)?;
            Some(full.replace(&format!("{logical_id}.{property}"), resolved))
        }),
    }
}

/// A `Fn::GetAtt` argument of two or more strings, joined and split again at every dot
/// (`[Fn, Alias.Arn]` and `[Fn.Alias, Arn]` are the same reference).
fn get_att_parts(argument: &Value) -> Option<Vec<String>> {
    let Value::Array(items) = argument else {
        return None;
    };
    if items.len() < 2 {
        return None;
    }
    let strings: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
    Some(strings?.join(".").split('.').map(str::to_owned).collect())
}

fn get_att_value(logical_id: &str, rest: &[String]) -> Value {
    let mut items = vec![Value::String(logical_id.to_owned())];
    items.extend(rest.iter().cloned().map(Value::String));
    Value::Array(items)
}

/// Applies `replacement` to each `${name}` of a `Fn::Sub` string (alone or first of the
/// list form) whose name is made of letters, digits and dots; `None` keeps it.
fn substitute_sub(argument: &mut Value, replacement: impl Fn(&str, &str) -> Option<String>) {
    let text = match argument {
        Value::String(text) => text,
        Value::Array(items) => match items.first_mut() {
            Some(Value::String(text)) => text,
            _ => return,
        },
        _ => return,
    };
    let mut substituted = text.clone();
    for (full, name) in sub_references(text) {
        if let Some(new) = replacement(full, name) {
            substituted = substituted.replacen(full, &new, 1);
        }
    }
    *text = substituted;
}

/// The `${name}` references of a `Fn::Sub` string that can name a resource: the whole
/// `${...}` and the name, left to right.
fn sub_references(text: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut start = 0;
    while let Some(offset) = text.get(start..).and_then(|rest| rest.find("${")) {
        let open = start + offset;
        let name_start = open + 2;
        let name_len = text
            .get(name_start..)
            .unwrap_or_default()
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.')
            .count();
        let close = name_start + name_len;
        if name_len > 0 && text.as_bytes().get(close) == Some(&b'}') {
            if let (Some(full), Some(name)) = (text.get(open..=close), text.get(name_start..close))
            {
                found.push((full, name));
            }
            start = close + 1;
        } else {
            start = name_start;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refs() -> IndexMap<(String, String), String> {
        let mut refs = IndexMap::new();
        refs.insert(("Fn".into(), "Alias".into()), "FnAliaslive".into());
        refs.insert(("Api".into(), "Stage".into()), "ApiProdStage".into());
        refs
    }

    fn resolved(mut value: Value) -> Value {
        let refs = refs();
        walk(&mut value, &|node| resolve_in_intrinsic(node, &refs));
        value
    }

    #[test]
    fn references_to_sam_properties_name_the_generated_resource() {
        assert_eq!(
            resolved(json!({"Ref": "Fn.Alias"})),
            json!({"Ref": "FnAliaslive"})
        );
        assert_eq!(
            resolved(json!({"Fn::GetAtt": ["Fn", "Alias.Arn"]})),
            json!({"Fn::GetAtt": ["FnAliaslive", "Arn"]})
        );
        assert_eq!(
            resolved(json!({"Fn::GetAtt": ["Fn.Alias", "Arn"]})),
            json!({"Fn::GetAtt": ["FnAliaslive", "Arn"]})
        );
        assert_eq!(
            resolved(
                json!({"Fn::Sub": ["${Fn.Alias}/${Api.Stage.X}/${Fn.Version}/${AWS::Region}", {}]})
            ),
            json!({"Fn::Sub": ["${FnAliaslive}/${ApiProdStage.X}/${Fn.Version}/${AWS::Region}", {}]})
        );
        assert_eq!(
            resolved(json!({"Ref": "Fn.Unknown"})),
            json!({"Ref": "Fn.Unknown"})
        );
    }

    #[test]
    fn renamed_ids_are_followed_in_intrinsics_and_depends_on() {
        let mut changed = IndexMap::new();
        changed.insert("Layer".to_owned(), "Layer0123456789".to_owned());
        let mut value = json!({
            "A": {"DependsOn": ["Layer", "Other"], "P": {"Ref": "Layer"}},
            "B": {"DependsOn": "Layer", "P": {"Fn::Sub": "${Layer}:${Layer.Arn}:${Layers}"}},
            "C": {"Fn::GetAtt": ["Layer", "Arn"]}, "D": {"Ref": "Layer.Alias"}
        });
        rename_depends_on(&mut value, &changed);
        walk(&mut value, &|node| rename_in_intrinsic(node, &changed));
        assert_eq!(
            value,
            json!({
                "A": {"DependsOn": ["Layer0123456789", "Other"], "P": {"Ref": "Layer0123456789"}},
                "B": {"DependsOn": "Layer0123456789",
                      "P": {"Fn::Sub": "${Layer0123456789}:${Layer0123456789.Arn}:${Layers}"}},
                "C": {"Fn::GetAtt": ["Layer0123456789", "Arn"]}, "D": {"Ref": "Layer.Alias"}
            })
        );
    }
}
