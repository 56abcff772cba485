//! CORS as API Gateway applies an API's `CorsConfiguration` (§8): which requests are
//! preflights, which origins, methods and headers are allowed, and the headers sent on a
//! preflight answer and on every other response to a request with an allowed `Origin`.
//!
//! Pure functions over a [`CorsPolicy`] compiled once per deployment; the gateway decides
//! when to call them (§8.2: a preflight no route claims is answered here; every other
//! response gets [`CorsPolicy::decorate`]).

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method};
use store::model::CorsConfiguration;

/// An API's `CorsConfiguration`, ready to match requests against.
#[derive(Debug, Clone)]
pub struct CorsPolicy {
    origins: Vec<OriginRule>,
    methods: Allowed,
    headers: Allowed,
    expose_headers: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
    allow_credentials: bool,
    /// `AllowOrigins` as configured, for explanations.
    allow_origins: String,
}

/// One `AllowOrigins` entry (§8.1).
#[derive(Debug, Clone, PartialEq, Eq)]
enum OriginRule {
    /// `*`: every origin.
    Any,
    /// `https://*` or `http://*`: every origin of that scheme.
    Scheme(String),
    /// One origin, lower-cased.
    Exact(String),
}

/// `AllowMethods` or `AllowHeaders`: `*`, or a list compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Allowed {
    Any,
    /// Lower-cased names, and the configured list as sent back.
    Listed(Vec<String>, Option<HeaderValue>),
}

/// A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method` (§8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preflight<'r> {
    /// `Origin`.
    pub origin: &'r str,
    /// `Access-Control-Request-Method`.
    pub method: &'r str,
    /// `Access-Control-Request-Headers`, as sent (comma-separated), if any.
    pub headers: Option<&'r str>,
}

/// API Gateway's answer to a preflight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreflightAnswer {
    /// Everything asked for is allowed: the headers to send.
    Allowed(HeaderMap),
    /// Something is not allowed: no CORS headers, and why (for the log).
    Refused(String),
}

/// What [`CorsPolicy::decorate`] did to a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decorated {
    /// No `Origin`: no CORS headers (§8.2).
    NoOrigin,
    /// The origin is allowed; CORS headers set.
    Allowed,
    /// The origin is not allowed: no CORS headers, and why (for the log).
    OriginRefused(String),
}

/// The preflight in `headers`, if `method` and the headers make one (§8.2).
pub fn preflight<'r>(method: &Method, headers: &'r HeaderMap) -> Option<Preflight<'r>> {
    if method != Method::OPTIONS {
        return None;
    }
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    Some(Preflight {
        origin: text(ORIGIN)?,
        method: text(ACCESS_CONTROL_REQUEST_METHOD)?,
        headers: text(ACCESS_CONTROL_REQUEST_HEADERS),
    })
}

/// The request's `Origin`, if it has one that is text.
pub fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(ORIGIN).and_then(|v| v.to_str().ok())
}

impl CorsPolicy {
    /// Compiles a `CorsConfiguration`.
    pub fn new(configuration: &CorsConfiguration) -> Self {
        Self {
            origins: configuration
                .allow_origins
                .iter()
                .map(|origin| match origin.as_str() {
                    "*" => OriginRule::Any,
                    "https://*" | "http://*" => {
                        OriginRule::Scheme(origin.trim_end_matches('*').to_ascii_lowercase())
                    }
                    // Unconfirmed: other patterns with `*` are undocumented; they match
                    // literally.
                    exact => OriginRule::Exact(exact.to_ascii_lowercase()),
                })
                .collect(),
            methods: Allowed::new(&configuration.allow_methods),
            headers: Allowed::new(&configuration.allow_headers),
            expose_headers: joined(&configuration.expose_headers),
            max_age: configuration.max_age.map(HeaderValue::from),
            allow_credentials: configuration.allow_credentials == Some(true),
            allow_origins: format!("{:?}", configuration.allow_origins),
        }
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or `None` when it is not
    /// allowed.
    // Unconfirmed: origins compare case-insensitively; `*` is sent as `*` when only the
    // `*` rule allows the origin, the origin itself otherwise.
    pub fn allow_origin(&self, origin: &str) -> Option<HeaderValue> {
        let lower = origin.to_ascii_lowercase();
        let mut any = false;
        for rule in &self.origins {
            match rule {
                OriginRule::Exact(exact) if *exact == lower => return echo(origin),
                OriginRule::Scheme(scheme)
                    if lower.len() > scheme.len() && lower.starts_with(scheme.as_str()) =>
                {
                    return echo(origin);
                }
                OriginRule::Any => any = true,
                _ => {}
            }
        }
        any.then(|| HeaderValue::from_static("*"))
    }

    /// API Gateway's answer to `preflight` (§8.2).
    // Unconfirmed: a refused preflight is answered without CORS headers (the browser then
    // fails it) rather than with an error; the method must be listed even when it is
    // CORS-safelisted; `*` in AllowMethods/AllowHeaders is answered by echoing what was
    // asked; no `Vary` header.
    pub fn answer(&self, preflight: &Preflight<'_>) -> PreflightAnswer {
        let Some(allow_origin) = self.allow_origin(preflight.origin) else {
            return PreflightAnswer::Refused(self.origin_refused(preflight.origin));
        };
        if !self.methods.allows(preflight.method) {
            return PreflightAnswer::Refused(format!(
                "Access-Control-Request-Method {} is not in the API's CorsConfiguration.AllowMethods",
                preflight.method
            ));
        }
        let requested: Vec<&str> = preflight
            .headers
            .into_iter()
            .flat_map(|list| list.split(','))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        if let Some(refused) = requested.iter().find(|name| !self.headers.allows(name)) {
            return PreflightAnswer::Refused(format!(
                "Access-Control-Request-Headers names {refused}, which is not in the API's CorsConfiguration.AllowHeaders"
            ));
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if let Some(methods) = self.methods.header(Some(preflight.method)) {
            headers.insert(ACCESS_CONTROL_ALLOW_METHODS, methods);
        }
        if let Some(allowed) = self.headers.header(preflight.headers) {
            headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, allowed);
        }
        if let Some(max_age) = &self.max_age {
            headers.insert(ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if self.allow_credentials {
            headers.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        PreflightAnswer::Allowed(headers)
    }

    /// Replaces the CORS headers of a response (the integration's or API Gateway's own)
    /// with the API's, for a request from `origin` (§8.2).
    // Unconfirmed: the integration's CORS headers are removed also when the request has no
    // Origin or a refused one.
    pub fn decorate(&self, origin: Option<&str>, headers: &mut HeaderMap) -> Decorated {
        for name in [
            ACCESS_CONTROL_ALLOW_ORIGIN,
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            ACCESS_CONTROL_EXPOSE_HEADERS,
            ACCESS_CONTROL_ALLOW_METHODS,
            ACCESS_CONTROL_ALLOW_HEADERS,
            ACCESS_CONTROL_MAX_AGE,
        ] {
            headers.remove(name);
        }
        let Some(origin) = origin else {
            return Decorated::NoOrigin;
        };
        let Some(allow_origin) = self.allow_origin(origin) else {
            return Decorated::OriginRefused(self.origin_refused(origin));
        };
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if let Some(expose) = &self.expose_headers {
            headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
        if self.allow_credentials {
            headers.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        Decorated::Allowed
    }

    fn origin_refused(&self, origin: &str) -> String {
        format!(
            "Origin {origin} is not allowed by the API's CorsConfiguration.AllowOrigins {}, so no CORS headers were sent; add it to AllowOrigins",
            self.allow_origins
        )
    }
}

impl Allowed {
    fn new(configured: &[String]) -> Self {
        if configured.iter().any(|item| item == "*") {
            Self::Any
        } else {
            Self::Listed(
                configured.iter().map(|i| i.to_ascii_lowercase()).collect(),
                joined(configured),
            )
        }
    }

    fn allows(&self, name: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Listed(names, _) => names.iter().any(|n| n.eq_ignore_ascii_case(name)),
        }
    }

    /// The header value: the configured list, or what was asked for under `*`.
    fn header(&self, requested: Option<&str>) -> Option<HeaderValue> {
        match self {
            Self::Listed(_, value) => value.clone(),
            Self::Any => requested
                .filter(|r| !r.trim().is_empty())
                .and_then(|r| HeaderValue::from_str(r).ok()),
        }
    }
}

fn echo(origin: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(origin).ok()
}

fn joined(items: &[String]) -> Option<HeaderValue> {
    if items.is_empty() {
        return None;
    }
    HeaderValue::from_str(&items.join(",")).ok()
}

#[cfg(test)]
mod tests;
