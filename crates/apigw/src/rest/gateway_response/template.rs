//! Gateway response templates and parameter values (aws-rest-api.md §7.2): plain
//! substitution of `$context.*`, `$stageVariables.*` and `$method.request.*`, no VTL.

use crate::rest::error::{ErrorBody, RestError};

use super::ErrorContext;

/// A template split into text and references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Template(Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// A `$name.path` reference, without the `$` (and braces).
    Reference(String),
}

impl Template {
    /// Splits `text` at `$a.b.c` and `${a.b.c}` references.
    pub(super) fn parse(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(dollar) = rest.find('$') {
            let (before, after) = rest.split_at(dollar);
            literal.push_str(before);
            let after = after.get(1..).unwrap_or_default();
            let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
                match braced.split_once('}') {
                    Some((name, tail)) => (name, tail),
                    None => ("", after),
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                    .unwrap_or(after.len());
                let name = after
                    .get(..end)
                    .unwrap_or_default()
                    .trim_end_matches(['.', '-']);
                (name, after.get(name.len()..).unwrap_or_default())
            };
            if name.is_empty() {
                literal.push('$');
                rest = after;
                continue;
            }
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(Part::Reference(name.to_owned()));
            rest = tail;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Self(parts)
    }

    /// The template with every reference substituted.
    pub(super) fn render(&self, error: &RestError, context: &ErrorContext<'_>) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Reference(name) => match reference(name, error, context) {
                    Some(value) => out.push_str(&value),
                    // Unconfirmed: a reference gantry does not know is left as written,
                    // as Velocity prints undefined references.
                    None => {
                        out.push('$');
                        out.push_str(name);
                    }
                },
            }
        }
        out
    }
}

/// The value of one reference; `None` when it names nothing gantry knows.
fn reference(name: &str, error: &RestError, context: &ErrorContext<'_>) -> Option<String> {
    if let Some(key) = name.strip_prefix("context.") {
        return Some(context_value(key, error, context));
    }
    if let Some(key) = name.strip_prefix("stageVariables.") {
        return Some(lookup(context.stage_variables, key).unwrap_or_default());
    }
    if let Some(source) = name.strip_prefix("method.request.") {
        return Some(
            ParameterSource::method_request(source)?
                .value(context)
                .unwrap_or_default(),
        );
    }
    None
}

/// `$context.<key>`; unknown keys are empty.
// Unconfirmed: `$context.error.validationErrorString` carries gantry's explanation of a
// validation failure (AWS's wording differs), empty for other errors.
fn context_value(key: &str, error: &RestError, context: &ErrorContext<'_>) -> String {
    match key {
        "error.message" => message(&error.body).unwrap_or_default(),
        "error.messageString" => message(&error.body).map_or_else(
            || "null".to_owned(),
            |m| serde_json::Value::from(m).to_string(),
        ),
        "error.responseType" => error
            .response_type
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        "error.validationErrorString" => match error.response_type {
            Some(
                crate::rest::GatewayResponseType::BadRequestBody
                | crate::rest::GatewayResponseType::BadRequestParameters,
            ) => error.explanation.clone(),
            _ => String::new(),
        },
        "requestId" => context.request_id.to_owned(),
        "extendedRequestId" => context.extended_request_id.to_owned(),
        other => context
            .context_values
            .iter()
            .find(|(k, _)| *k == other)
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_default(),
    }
}

/// The error's message text; `None` for `{"message":null}`.
fn message(body: &ErrorBody) -> Option<String> {
    match body {
        ErrorBody::Message(m) | ErrorBody::CapitalMessage(m) => Some(m.clone()),
        ErrorBody::NullMessage => None,
        ErrorBody::Raw(raw) => serde_json::from_str::<serde_json::Value>(raw)
            .ok()?
            .get("message")?
            .as_str()
            .map(str::to_owned),
    }
}

/// Where a response parameter's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ParameterSource {
    /// `'literal'`.
    Literal(String),
    /// `method.request.header.X` (case-insensitive).
    Header(String),
    /// `method.request.querystring.X` (decoded; the last value).
    Query(String),
    /// `method.request.path.X`.
    Path(String),
    /// `stageVariables.x`.
    // Unconfirmed: AWS's examples show only literals and method.request values.
    StageVariable(String),
}

impl ParameterSource {
    /// Parses a `ResponseParameters` value, or says why it cannot be honoured.
    pub(super) fn parse(value: &str) -> Result<Self, String> {
        if let Some(literal) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            return Ok(Self::Literal(literal.to_owned()));
        }
        if let Some(source) = value.strip_prefix("method.request.")
            && let Some(parsed) = Self::method_request(source)
        {
            return Ok(parsed);
        }
        if let Some(name) = value.strip_prefix("stageVariables.") {
            return Ok(Self::StageVariable(name.to_owned()));
        }
        Err(format!(
            "value `{value}` is neither a quoted literal ('...') nor method.request.header|querystring|path.<name>"
        ))
    }

    /// `header.X`, `querystring.X` or `path.X`.
    fn method_request(source: &str) -> Option<Self> {
        let (kind, name) = source.split_once('.')?;
        let name = name.to_owned();
        match kind {
            "header" => Some(Self::Header(name)),
            "querystring" => Some(Self::Query(name)),
            "path" => Some(Self::Path(name)),
            _ => None,
        }
    }

    /// The value for this request, if it has one.
    pub(super) fn value(&self, context: &ErrorContext<'_>) -> Option<String> {
        match self {
            Self::Literal(text) => Some(text.clone()),
            Self::Header(name) => context
                .headers?
                .get(name.as_str())
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            Self::Query(name) => form_urlencoded::parse(context.raw_query.as_bytes())
                .filter(|(n, _)| n == name)
                .last()
                .map(|(_, v)| v.into_owned()),
            Self::Path(name) => lookup(context.path_parameters, name),
            Self::StageVariable(name) => lookup(context.stage_variables, name),
        }
    }
}

fn lookup(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}
