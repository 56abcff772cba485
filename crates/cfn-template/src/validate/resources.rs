//! Resource declarations against what AWS publishes about each type: the type exists,
//! properties are known (with the closest name suggested), required properties are
//! present; for the types gantry deploys, nested properties too.

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Suggestions, closest};
use crate::model::{Resource, Template};
use crate::schema::{self, ProviderSchema};
use crate::value::{Field, Intrinsic, Value, ValueKind};

pub(super) fn check(
    template: &Template,
    suggestions: &Suggestions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for resource in template.resources.values() {
        check_resource(resource, suggestions, diagnostics);
    }
}

fn check_resource(
    resource: &Resource,
    suggestions: &Suggestions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let type_name = resource.resource_type.as_str();
    let base = format!("Resources/{}", resource.logical_id);
    if type_name.is_empty() || schema::is_custom(type_name) {
        return;
    }
    let Some(known) = schema::resource_type(type_name) else {
        diagnostics.push(unknown_type(type_name, &base, resource, suggestions));
        return;
    };
    let path = format!("{base}/Properties");
    for (name, field) in &resource.properties {
        if known.has_property(name) {
            continue;
        }
        let property_path = format!("{path}/{name}");
        // Unconfirmed: AWS's handling of read-only properties written in a template
        // is not documented; we warn rather than reject.
        if known.has_attribute(name) {
            diagnostics.push(
                Diagnostic::warning(
                    format!("`{name}` is a read-only attribute of `{type_name}`; setting it has no effect"),
                    property_path,
                    field.key_position,
                )
                .with_help(format!("remove it, and read it with `!GetAtt {}.{name}`", resource.logical_id)),
            );
            continue;
        }
        diagnostics.push(unknown_property(
            name,
            type_name,
            &known.properties,
            property_path,
            field,
        ));
    }
    for required in &known.required {
        if !resource.properties.contains_key(required) {
            diagnostics.push(
                Diagnostic::error(
                    format!(
                        "`{type_name}` requires the property `{required}`, which `{}` does not set",
                        resource.logical_id
                    ),
                    path.clone(),
                    resource.properties_position,
                )
                .with_help(format!("add `{required}` under `Properties`")),
            );
        }
    }
    if let Some(provider) = schema::provider_schema(type_name) {
        let properties = provider.document.get("properties");
        for (name, field) in &resource.properties {
            if let Some(property_schema) = properties.and_then(|p| p.get(name)) {
                let checker = Nested { provider };
                checker.value(
                    property_schema,
                    &field.value,
                    &format!("{path}/{name}"),
                    diagnostics,
                );
            }
        }
    }
}

fn unknown_type(
    type_name: &str,
    base: &str,
    resource: &Resource,
    suggestions: &Suggestions,
) -> Diagnostic {
    let path = format!("{base}/Type");
    if !type_name.starts_with("AWS::") && type_name.split("::").count() == 3 {
        return Diagnostic::warning(
            format!("`{type_name}` is not a public AWS resource type"),
            path,
            resource.type_position,
        )
        .with_help(
            "if it is a private extension in your CloudFormation registry, gantry cannot deploy it",
        );
    }
    let help = suggestions
        .closest(type_name, schema::type_names())
        .map(|found| format!("did you mean `{found}`?"))
        .unwrap_or_else(|| {
            "check the name in the AWS resource type reference; custom resources are named `Custom::Something`".to_owned()
        });
    Diagnostic::error(
        format!("unknown resource type `{type_name}`"),
        path,
        resource.type_position,
    )
    .with_help(help)
}

fn unknown_property(
    name: &str,
    type_name: &str,
    known: &[String],
    path: String,
    field: &Field,
) -> Diagnostic {
    let help = closest(name, known.iter().map(String::as_str))
        .map(|found| format!("did you mean `{found}`?"))
        .unwrap_or_else(|| format!("the properties of `{type_name}` are: {}", known.join(", ")));
    Diagnostic::error(
        format!("`{name}` is not a property of `{type_name}`"),
        path,
        field.key_position,
    )
    .with_help(help)
}

/// Nested properties, checked against a provider schema's definitions.
struct Nested<'a> {
    provider: &'a ProviderSchema,
}

impl Nested<'_> {
    fn value(&self, schema: &Json, value: &Value, path: &str, diagnostics: &mut Vec<Diagnostic>) {
        let schema = self.resolve(schema);
        match &value.kind {
            ValueKind::Map(fields) => self.object(schema, fields, value, path, diagnostics),
            ValueKind::List(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        self.value(item_schema, item, &format!("{path}/{index}"), diagnostics);
                    }
                }
            }
            // Both branches of Fn::If must fit the property; other functions produce
            // values only known at deploy time.
            ValueKind::Intrinsic(call) => {
                if let Intrinsic::If {
                    if_true, if_false, ..
                } = call.as_ref()
                {
                    self.value(schema, if_true, &format!("{path}/Fn::If/1"), diagnostics);
                    self.value(schema, if_false, &format!("{path}/Fn::If/2"), diagnostics);
                }
            }
            ValueKind::Null | ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::String(_) => {}
        }
    }

    fn object(
        &self,
        schema: &Json,
        fields: &IndexMap<String, Field>,
        value: &Value,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(properties) = schema.get("properties").and_then(Json::as_object) else {
            return;
        };
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        for (name, field) in fields {
            let field_path = format!("{path}/{name}");
            match properties.get(name) {
                Some(property_schema) => {
                    self.value(property_schema, &field.value, &field_path, diagnostics)
                }
                None if closed => {
                    let known: Vec<String> = properties.keys().cloned().collect();
                    let parent = path.rsplit('/').next().unwrap_or(path);
                    let help = closest(name, known.iter().map(String::as_str))
                        .map(|found| format!("did you mean `{found}`?"))
                        .unwrap_or_else(|| format!("`{parent}` accepts: {}", known.join(", ")));
                    diagnostics.push(
                        Diagnostic::error(
                            format!(
                                "`{name}` is not a property of `{parent}` in `{}`",
                                self.provider.type_name
                            ),
                            field_path,
                            field.key_position,
                        )
                        .with_help(help),
                    );
                }
                None => {}
            }
        }
        let required = schema
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten();
        for name in required.filter_map(Json::as_str) {
            if !fields.contains_key(name) {
                let parent = path.rsplit('/').next().unwrap_or(path);
                diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "`{parent}` requires `{name}` in `{}`",
                            self.provider.type_name
                        ),
                        path,
                        value.position,
                    )
                    .with_help(format!("add `{name}` to `{parent}`")),
                );
            }
        }
    }

    /// Follows `{"$ref": "#/definitions/Name"}` (one hop at a time, a few hops at most).
    fn resolve<'s>(&'s self, mut schema: &'s Json) -> &'s Json {
        for _ in 0..8 {
            let Some(target) = schema.get("$ref").and_then(Json::as_str) else {
                return schema;
            };
            let Some(name) = target.strip_prefix("#/definitions/") else {
                return schema;
            };
            match self
                .provider
                .document
                .get("definitions")
                .and_then(|d| d.get(name))
            {
                Some(found) => schema = found,
                None => return schema,
            }
        }
        schema
    }
}
