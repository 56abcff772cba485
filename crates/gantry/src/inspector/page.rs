//! The inspector's page: plain HTML, CSS and JavaScript built into the binary (no CDN, no
//! build step), served with a Content-Security-Policy that allows only its own assets. The
//! script polls `GET /_gantry/api/requests` and inserts request data as text only.

/// The page.
pub(crate) const HTML: &str = include_str!("page/inspector.html");
/// Its script.
pub(crate) const SCRIPT: &str = include_str!("page/inspector.js");
/// Its style sheet.
pub(crate) const STYLE: &str = include_str!("page/inspector.css");
/// Where the page loads its script from.
pub(crate) const SCRIPT_PATH: &str = "/_gantry/assets/inspector.js";
/// Where the page loads its style sheet from.
pub(crate) const STYLE_PATH: &str = "/_gantry/assets/inspector.css";
/// The page's own assets and its own JSON, nothing else (no inline script or style).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";
