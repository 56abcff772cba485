//! Reading an OpenAPI document as JSON with errors and notes that name the JSON path
//! (`Body.paths./pets.get.x-amazon-apigateway-integration.uri`).

use serde_json::{Map, Value};

/// Why a definition cannot be imported: AWS refuses it too (an import error), or gantry
/// cannot import it safely. The path names where, the message says what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportError {
    /// JSON path, starting with the property (`Body` or `BodyS3Location`).
    pub(crate) path: String,
    /// What is wrong and what to do.
    pub(crate) message: String,
}

/// How a note about the definition weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoteKind {
    /// One of AWS's import warnings: the API is made anyway, unless `FailOnWarnings`.
    Warning,
    /// AWS imports this, gantry does not honour it locally: a deploy warning that
    /// `FailOnWarnings` does not turn into a failure, since AWS would deploy.
    NotHonoured,
    /// AWS imports this as written, with a consequence worth saying (a route left open):
    /// a deploy warning that `FailOnWarnings` does not turn into a failure.
    Info,
}

/// Something the import leaves out or changes, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportNote {
    pub(crate) kind: NoteKind,
    pub(crate) path: String,
    pub(crate) message: String,
}

impl std::fmt::Display for ImportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A JSON object of the document, with its path.
#[derive(Clone)]
pub(crate) struct Object<'a> {
    pub(crate) path: String,
    pub(crate) map: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    /// `value` at `path` as an object, or an error naming it.
    pub(crate) fn of(path: impl Into<String>, value: &'a Value) -> Result<Self, ImportError> {
        let path = path.into();
        match value.as_object() {
            Some(map) => Ok(Self { path, map }),
            None => Err(error(
                &path,
                format!("must be an object, found {}", kind(value)),
            )),
        }
    }

    /// The member `key` as an object, if present.
    pub(crate) fn object(&self, key: &str) -> Result<Option<Object<'a>>, ImportError> {
        self.get(key)
            .map(|value| Object::of(self.child(key), value))
            .transpose()
    }

    pub(crate) fn child(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A string member; numbers and booleans are read as their text, as CloudFormation
    /// hands template scalars over (`payloadFormatVersion: 2.0`).
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(number_text(n))),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(error(
                &self.child(key),
                format!("must be a string, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Some(other) => Err(error(
                &self.child(key),
                format!("must be true or false, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn u32(&self, key: &str) -> Result<Option<u32>, ImportError> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        text.parse().map(Some).map_err(|_| {
            error(
                &self.child(key),
                format!("must be a whole number, found {text:?}"),
            )
        })
    }

    /// A list of strings; a single string is read as a comma-separated list (AWS's
    /// exports write `identitySource` that way).
    pub(crate) fn strings(&self, key: &str) -> Result<Vec<String>, ImportError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(error(
                        &format!("{}[{i}]", self.child(key)),
                        format!("must be a string, found {}", kind(other)),
                    )),
                })
                .collect(),
            Some(other) => Err(error(
                &self.child(key),
                format!("must be a list of strings, found {}", kind(other)),
            )),
        }
    }

    /// A map of strings to strings.
    pub(crate) fn string_map(
        &self,
        key: &str,
    ) -> Result<std::collections::BTreeMap<String, String>, ImportError> {
        let Some(value) = self.get(key) else {
            return Ok(Default::default());
        };
        let object = Object::of(self.child(key), value)?;
        object
            .map
            .keys()
            .map(|name| {
                let text = object
                    .string(name)?
                    .ok_or_else(|| error(&object.child(name), "must be a string"))?;
                Ok((name.clone(), text))
            })
            .collect()
    }
}

/// The path of an OpenAPI 3 document's first server URL, each `{variable}` replaced by
/// its default (AWS's exports write `/{basePath}` so); empty without servers. HTTP and
/// REST API imports read their base path from it (§11.1, aws-rest-api.md §9.3).
pub(crate) fn first_server_path(root: &Object<'_>) -> Result<String, ImportError> {
    let Some(Value::Array(servers)) = root.get("servers") else {
        return Ok(String::new());
    };
    let Some(server) = servers.first() else {
        return Ok(String::new());
    };
    let server = Object::of(format!("{}[0]", root.child("servers")), server)?;
    let url = server.string("url")?.unwrap_or_default();
    let mut path = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| {
            rest.find('/')
                .map_or("", |i| rest.get(i..).unwrap_or_default())
        })
        .to_owned();
    if let Some(variables) = server.object("variables")? {
        for (name, variable) in variables.map {
            let variable = Object::of(variables.child(name), variable)?;
            if let Some(default) = variable.string("default")? {
                path = path.replace(&format!("{{{name}}}"), default.trim_matches('/'));
            }
        }
    }
    Ok(path)
}

/// `info.title`: the API's name when the template gives none.
pub(crate) fn title(root: &Object<'_>) -> Result<Option<String>, ImportError> {
    match root.object("info")? {
        Some(info) => info.string("title"),
        None => Ok(None),
    }
}

pub(crate) fn error(path: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        path: path.to_owned(),
        message: message.into(),
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A JSON number as text (`2.0` stays `"2.0"`).
fn number_text(n: &serde_json::Number) -> String {
    n.to_string()
}
