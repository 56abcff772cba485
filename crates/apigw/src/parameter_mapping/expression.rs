//! Mapping values: static text, one selection expression (`$request.header.x`), or a
//! mix with each expression in braces (`Bearer ${request.header.x}`) (§6.5).

/// Which side of the integration a value is evaluated on; each allows its own sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Response,
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `$request.header.NAME` (case-insensitive, multiple values comma-joined).
    RequestHeader(String),
    /// `$request.querystring.NAME` (case-sensitive, multiple values comma-joined).
    RequestQueryString(String),
    /// `$request.body`: the whole body.
    RequestBody,
    /// `$request.body.PATH`: a JSONPath into the body (first 100 KB).
    RequestBodyPath(Vec<PathStep>),
    /// `$request.path`: the request path without the stage.
    RequestPath,
    /// `$request.path.NAME`: a path parameter.
    RequestPathParameter(String),
    /// `$context.NAME`.
    Context(String),
    /// `$stageVariables.NAME`.
    StageVariable(String),
    /// `$response.header.NAME`.
    ResponseHeader(String),
    /// `$response.body`: the whole response body.
    ResponseBody,
    /// `$response.body.PATH`.
    ResponseBodyPath(Vec<PathStep>),
}

/// One step of a simple JSONPath (`a.b[0]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// An object member.
    Member(String),
    /// An array element.
    Index(usize),
}

/// A part of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text copied as is.
    Text(String),
    /// A selection expression.
    Expression(Source),
}

/// A compiled mapping value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// `$context` variables gantry can evaluate; `authorizer.` takes a suffix.
const CONTEXT_VARIABLES: &[&str] = &[
    "accountId",
    "apiId",
    "domainName",
    "domainPrefix",
    "httpMethod",
    "identity.sourceIp",
    "identity.userAgent",
    "path",
    "protocol",
    "requestId",
    "requestTime",
    "requestTimeEpoch",
    "routeKey",
    "stage",
];

impl Template {
    /// Parses a value for `side`.
    pub(super) fn parse(value: &str, side: Side) -> Result<Self, String> {
        let mut parts = Vec::new();
        if value.contains("${") {
            let mut rest = value;
            while let Some(start) = rest.find("${") {
                let (text, tail) = rest.split_at(start);
                if !text.is_empty() {
                    parts.push(Part::Text(text.to_owned()));
                }
                let inner = &tail[2..];
                let end = inner
                    .find('}')
                    .ok_or_else(|| format!("{value:?} opens ${{ without closing }}"))?;
                parts.push(Part::Expression(source(&inner[..end], side)?));
                rest = &inner[end + 1..];
            }
            if !rest.is_empty() {
                parts.push(Part::Text(rest.to_owned()));
            }
        } else if let Some(expression) = value.strip_prefix('$') {
            // Unconfirmed: without braces a value is one expression when it starts with
            // `$`, and static text otherwise (`/v2$request.path` is text).
            parts.push(Part::Expression(source(expression, side)?));
        } else {
            parts.push(Part::Text(value.to_owned()));
        }
        Ok(Self { parts })
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }
}

fn source(expression: &str, side: Side) -> Result<Source, String> {
    let not_here = |what: &str| {
        Err(format!(
            "${what} cannot be used in a {} mapping",
            match side {
                Side::Request => "request",
                Side::Response => "response",
            }
        ))
    };
    let named = |rest: &str, what: &str| {
        if rest.is_empty() {
            Err(format!("${what} needs a name after the dot"))
        } else {
            Ok(rest.to_owned())
        }
    };
    if let Some(rest) = expression.strip_prefix("request.") {
        if side == Side::Response {
            return not_here("request");
        }
        if let Some(name) = rest.strip_prefix("header.") {
            return Ok(Source::RequestHeader(named(name, "request.header")?));
        }
        if let Some(name) = rest.strip_prefix("querystring.") {
            return Ok(Source::RequestQueryString(named(
                name,
                "request.querystring",
            )?));
        }
        if rest == "body" {
            return Ok(Source::RequestBody);
        }
        if let Some(path) = rest.strip_prefix("body.") {
            return Ok(Source::RequestBodyPath(json_path(path)?));
        }
        if rest == "path" {
            return Ok(Source::RequestPath);
        }
        if let Some(name) = rest.strip_prefix("path.") {
            return Ok(Source::RequestPathParameter(named(name, "request.path")?));
        }
    } else if let Some(rest) = expression.strip_prefix("response.") {
        if side == Side::Request {
            return not_here("response");
        }
        if let Some(name) = rest.strip_prefix("header.") {
            return Ok(Source::ResponseHeader(named(name, "response.header")?));
        }
        if rest == "body" {
            return Ok(Source::ResponseBody);
        }
        if let Some(path) = rest.strip_prefix("body.") {
            return Ok(Source::ResponseBodyPath(json_path(path)?));
        }
    } else if let Some(name) = expression.strip_prefix("context.") {
        let known = CONTEXT_VARIABLES.contains(&name)
            || name
                .strip_prefix("authorizer.")
                .is_some_and(|n| !n.is_empty());
        if !known {
            return Err(format!(
                "$context.{name} is not a context variable gantry knows; use one of {}, or authorizer.claims.NAME",
                CONTEXT_VARIABLES.join(", ")
            ));
        }
        return Ok(Source::Context(name.to_owned()));
    } else if let Some(name) = expression.strip_prefix("stageVariables.") {
        return Ok(Source::StageVariable(named(name, "stageVariables")?));
    }
    Err(format!(
        "${expression} is not a selection expression; use $request.header.NAME, $request.querystring.NAME, $request.body.PATH, $request.path, $request.path.NAME, $response.header.NAME, $response.body.PATH, $context.NAME or $stageVariables.NAME (wrap in ${{...}} to mix with text)"
    ))
}

/// A simple JSONPath: members and indexes; no recursive descent, filters or wildcards
/// (§6.5).
fn json_path(path: &str) -> Result<Vec<PathStep>, String> {
    if path.contains("..") || path.contains('?') || path.contains('*') {
        return Err(format!(
            "body path {path:?} uses recursive descent, a filter or a wildcard, which API Gateway does not support; use a simple path such as a.b[0]"
        ));
    }
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (member, mut indexes) = match segment.find('[') {
            Some(at) => segment.split_at(at),
            None => (segment, ""),
        };
        if member.is_empty() && steps.is_empty() && indexes.is_empty() {
            return Err(format!("body path {path:?} has an empty member"));
        }
        if !member.is_empty() {
            steps.push(PathStep::Member(member.to_owned()));
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let (index, tail) = rest
                .split_once(']')
                .ok_or_else(|| format!("body path {path:?} opens [ without closing ]"))?;
            let index = index
                .parse()
                .map_err(|_| format!("body path {path:?} has index [{index}], not a number"))?;
            steps.push(PathStep::Index(index));
            indexes = tail;
        }
        if !indexes.is_empty() {
            return Err(format!("body path {path:?} has text after an index"));
        }
    }
    Ok(steps)
}
