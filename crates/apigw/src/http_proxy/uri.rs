//! The integration URI: route variables (`{id}`, `{proxy}`) and stage variables
//! (`${stageVariables.x}`) substituted per request; on the `$default` route the request
//! path is appended (§6.4).

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Url;

use crate::route::PathParameters;

/// Characters escaped in a substituted path value; `/` is kept so `{proxy}` can carry
/// several segments.
const PATH_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

const STAGE_VARIABLE: &str = "${stageVariables.";

/// An `IntegrationUri` of an HTTP proxy integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    template: String,
}

/// Why an `IntegrationUri` cannot be an HTTP proxy target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IntegrationUri {uri:?} {reason}")]
pub struct UriTemplateError {
    /// The URI.
    pub uri: String,
    /// What is wrong.
    pub reason: String,
}

enum Piece<'a> {
    Text(&'a str),
    StageVariable(&'a str),
    RouteVariable(&'a str),
}

/// Splits the template into text and variables; `None` when a brace is not closed.
fn pieces(template: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '$']) {
        let (text, tail) = rest.split_at(open);
        if let Some(name_and_rest) = tail.strip_prefix(STAGE_VARIABLE) {
            out.push(Piece::Text(text));
            let close = name_and_rest.find('}')?;
            out.push(Piece::StageVariable(&name_and_rest[..close]));
            rest = &name_and_rest[close + 1..];
        } else if let Some(name_and_rest) = tail.strip_prefix('{') {
            out.push(Piece::Text(text));
            let close = name_and_rest.find('}')?;
            let name = &name_and_rest[..close];
            out.push(Piece::RouteVariable(name.strip_suffix('+').unwrap_or(name)));
            rest = &name_and_rest[close + 1..];
        } else {
            // A `$` that starts no stage variable is text.
            let (dollar, after) = tail.split_at(1);
            out.push(Piece::Text(text));
            out.push(Piece::Text(dollar));
            rest = after;
        }
    }
    out.push(Piece::Text(rest));
    Some(out)
}

impl UriTemplate {
    /// Checks that `uri` is an `http://` or `https://` URL once its variables are filled.
    pub fn parse(uri: &str) -> Result<Self, UriTemplateError> {
        let error = |reason: &str| UriTemplateError {
            uri: uri.to_owned(),
            reason: reason.to_owned(),
        };
        let pieces = pieces(uri).ok_or_else(|| error("opens a { without closing it"))?;
        let sample: String = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => *text,
                Piece::StageVariable(_) | Piece::RouteVariable(_) => "x",
            })
            .collect();
        let url = Url::parse(&sample).map_err(|e| error(&format!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
            return Err(error(
                "is not an http:// or https:// URL; an HTTP_PROXY integration needs the URL of an HTTP endpoint",
            ));
        }
        Ok(Self {
            template: uri.to_owned(),
        })
    }

    /// The URI as written.
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// The URL for one request.
    pub fn build(
        &self,
        path_parameters: &PathParameters<'_, '_>,
        stage_variables: &[(String, String)],
        default_route_path: Option<&str>,
    ) -> Result<Url, String> {
        let pieces = pieces(&self.template).ok_or_else(|| {
            format!(
                "IntegrationUri {:?} opens a {{ without closing it",
                self.template
            )
        })?;
        let mut text = String::with_capacity(self.template.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::StageVariable(name) => {
                    let value = stage_variables
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str())
                        .ok_or_else(|| {
                            format!("IntegrationUri uses ${{stageVariables.{name}}}, which the stage does not define; add it to the stage's StageVariables")
                        })?;
                    text.push_str(value);
                }
                Piece::RouteVariable(name) => {
                    let value = path_parameters.get(name).ok_or_else(|| {
                        format!("IntegrationUri uses {{{name}}}, which the route does not capture; use a route such as ANY /items/{{{name}}}")
                    })?;
                    text.extend(utf8_percent_encode(value, PATH_VALUE));
                }
            }
        }
        let mut url = Url::parse(&text)
            .map_err(|e| format!("IntegrationUri became {text:?}, which is not a URL ({e})"))?;
        // Unconfirmed: on `$default` the request path (stage removed) is appended to the
        // URI's path; a request for `/` leaves the URI's path as it is.
        if let Some(path) = default_route_path.filter(|p| *p != "/") {
            let base = url.path().trim_end_matches('/').to_owned();
            let encoded: String = utf8_percent_encode(path, PATH_VALUE).collect();
            url.set_path(&format!("{base}{encoded}"));
        }
        Ok(url)
    }
}
