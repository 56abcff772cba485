//! Route key syntax: `$default` or `METHOD /path` (§1.1).

use std::fmt;
use std::str::FromStr;

/// The route key that catches every request no other route matches (§1.6).
pub const DEFAULT_ROUTE_KEY: &str = "$default";

/// The method part of a route key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `ANY`: every method that has no more specific route for the path.
    Any,
}

impl RouteMethod {
    const ALL: [RouteMethod; 8] = [
        Self::Get,
        Self::Post,
        Self::Put,
        Self::Patch,
        Self::Delete,
        Self::Head,
        Self::Options,
        Self::Any,
    ];

    /// The method as written in a route key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Any => "ANY",
        }
    }

    // Unconfirmed: methods must be written in upper case, as every AWS example does.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Whether a request with this HTTP method can use a route with this route method.
    // Unconfirmed: a HEAD request does not fall back to a GET route (Appendix B.7).
    pub fn accepts(self, request_method: &str) -> bool {
        self == Self::Any || self.as_str() == request_method
    }
}

impl fmt::Display for RouteMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `/`-separated segment of a route path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Text that must equal the request segment (case-sensitive).
    Literal(String),
    /// `{name}`: exactly one non-empty request segment.
    Variable(String),
    /// `{name+}`: one or more request segments; always the last segment.
    Greedy(String),
}

/// A parsed route key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RouteKey {
    text: String,
    route: Option<MethodAndPath>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct MethodAndPath {
    method: RouteMethod,
    path: String,
    segments: Vec<PathSegment>,
}

/// Why a route key was rejected; each message quotes the key and says how to write it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteKeyError {
    /// Neither `$default` nor `METHOD /path`.
    #[error(
        "route key {key:?} must be `$default` or a method and a path separated by one space, like `GET /pets/{{id}}`"
    )]
    Shape {
        /// The rejected key.
        key: String,
    },
    /// The method is not one API Gateway accepts.
    #[error(
        "route key {key:?} has method {method:?}; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY, in upper case"
    )]
    UnknownMethod {
        /// The rejected key.
        key: String,
        /// The method as written.
        method: String,
    },
    /// The path does not start with `/`.
    #[error("route key {key:?}: the path must start with `/`")]
    RelativePath {
        /// The rejected key.
        key: String,
    },
    /// A path other than `/` ends with `/` (API Gateway rejects these; §1.1).
    #[error(
        "route key {key:?}: a path other than `/` cannot end with `/`; write {suggestion:?} (requests to both forms reach it)"
    )]
    TrailingSlash {
        /// The rejected key.
        key: String,
        /// The key without the trailing slash.
        suggestion: String,
    },
    /// `//` in the path.
    #[error("route key {key:?}: the path has an empty segment (`//`)")]
    EmptySegment {
        /// The rejected key.
        key: String,
    },
    /// A segment mixes text and braces, like `{id}.json`.
    #[error(
        "route key {key:?}: segment {segment:?} mixes text and a path variable; a variable must be a whole segment, like `{{id}}`"
    )]
    PartialVariable {
        /// The rejected key.
        key: String,
        /// The offending segment.
        segment: String,
    },
    /// `{name+}` somewhere other than the end.
    #[error("route key {key:?}: greedy variable {segment:?} must be the last segment of the path")]
    GreedyNotLast {
        /// The rejected key.
        key: String,
        /// The offending segment.
        segment: String,
    },
    /// `{}` or `{+}`.
    #[error("route key {key:?}: a path variable needs a name, like `{{id}}` or `{{proxy+}}`")]
    EmptyVariableName {
        /// The rejected key.
        key: String,
    },
    /// The same variable name twice.
    #[error("route key {key:?}: path variable {name:?} appears more than once")]
    DuplicateVariable {
        /// The rejected key.
        key: String,
        /// The repeated name.
        name: String,
    },
}

impl RouteKey {
    /// Parses `$default` or `METHOD /path`.
    pub fn parse(text: &str) -> Result<Self, RouteKeyError> {
        if text == DEFAULT_ROUTE_KEY {
            return Ok(Self {
                text: text.to_owned(),
                route: None,
            });
        }
        let key = || text.to_owned();
        let Some((method, path)) = text.split_once(' ') else {
            return Err(RouteKeyError::Shape { key: key() });
        };
        if method.is_empty() || path.contains(' ') {
            return Err(RouteKeyError::Shape { key: key() });
        }
        let Some(method_value) = RouteMethod::parse(method) else {
            return Err(RouteKeyError::UnknownMethod {
                key: key(),
                method: method.to_owned(),
            });
        };
        let segments = parse_path(text, path)?;
        Ok(Self {
            text: text.to_owned(),
            route: Some(MethodAndPath {
                method: method_value,
                path: path.to_owned(),
                segments,
            }),
        })
    }

    /// The key exactly as written, which is also the event's `routeKey`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is the `$default` route.
    pub fn is_default(&self) -> bool {
        self.route.is_none()
    }

    /// The method, or `None` for `$default`.
    pub fn method(&self) -> Option<RouteMethod> {
        self.route.as_ref().map(|r| r.method)
    }

    /// The path as written (`/pets/{id}`), or `None` for `$default`.
    pub fn path(&self) -> Option<&str> {
        self.route.as_ref().map(|r| r.path.as_str())
    }

    /// The path's segments; empty for `/` and for `$default`.
    pub fn segments(&self) -> &[PathSegment] {
        self.route.as_ref().map_or(&[], |r| r.segments.as_slice())
    }
}

impl FromStr for RouteKey {
    type Err = RouteKeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn parse_path(key: &str, path: &str) -> Result<Vec<PathSegment>, RouteKeyError> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(RouteKeyError::RelativePath {
            key: key.to_owned(),
        });
    };
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    if rest.ends_with('/') {
        let suggestion = key.trim_end_matches('/').to_owned();
        return Err(RouteKeyError::TrailingSlash {
            key: key.to_owned(),
            suggestion,
        });
    }
    let raw: Vec<&str> = rest.split('/').collect();
    let mut segments = Vec::with_capacity(raw.len());
    for (index, text) in raw.iter().enumerate() {
        let segment = parse_segment(key, text)?;
        if matches!(segment, PathSegment::Greedy(_)) && index + 1 != raw.len() {
            return Err(RouteKeyError::GreedyNotLast {
                key: key.to_owned(),
                segment: (*text).to_owned(),
            });
        }
        if let PathSegment::Variable(name) | PathSegment::Greedy(name) = &segment {
            let repeated = segments.iter().any(
                |s| matches!(s, PathSegment::Variable(n) | PathSegment::Greedy(n) if n == name),
            );
            if repeated {
                return Err(RouteKeyError::DuplicateVariable {
                    key: key.to_owned(),
                    name: name.clone(),
                });
            }
        }
        segments.push(segment);
    }
    Ok(segments)
}

fn parse_segment(key: &str, text: &str) -> Result<PathSegment, RouteKeyError> {
    if text.is_empty() {
        return Err(RouteKeyError::EmptySegment {
            key: key.to_owned(),
        });
    }
    let has_braces = text.contains(['{', '}']);
    if !has_braces {
        return Ok(PathSegment::Literal(text.to_owned()));
    }
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .filter(|inner| !inner.contains(['{', '}']));
    let Some(inner) = inner else {
        return Err(RouteKeyError::PartialVariable {
            key: key.to_owned(),
            segment: text.to_owned(),
        });
    };
    let (name, greedy) = match inner.strip_suffix('+') {
        Some(name) => (name, true),
        None => (inner, false),
    };
    if name.is_empty() {
        return Err(RouteKeyError::EmptyVariableName {
            key: key.to_owned(),
        });
    }
    if name.contains('+') {
        return Err(RouteKeyError::PartialVariable {
            key: key.to_owned(),
            segment: text.to_owned(),
        });
    }
    Ok(if greedy {
        PathSegment::Greedy(name.to_owned())
    } else {
        PathSegment::Variable(name.to_owned())
    })
}
