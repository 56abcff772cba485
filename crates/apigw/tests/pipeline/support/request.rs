//! A request built in code for the test beds (HTTP API and REST API pipelines): to
//! `localhost:3000` unless [`Req::host`] says otherwise.

use bytes::Bytes;
use http::header::HOST;
use http::{Method, Request};
use http_body_util::Full;

/// The port the gateway reports in `x-forwarded-port`; nothing listens on it.
pub(crate) const GATEWAY_PORT: u16 = 3000;

/// A request under construction.
#[derive(Debug, Clone)]
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) uri: String,
    pub(crate) host: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

pub(crate) fn request(method: &str, uri: &str) -> Req {
    Req {
        method: Method::from_bytes(method.as_bytes()).unwrap(),
        uri: uri.to_owned(),
        host: format!("localhost:{GATEWAY_PORT}"),
        headers: Vec::new(),
        body: Bytes::new(),
    }
}

pub(crate) fn get(uri: &str) -> Req {
    request("GET", uri)
}

impl Req {
    pub(crate) fn host(mut self, host: &str) -> Self {
        host.clone_into(&mut self.host);
        self
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub(crate) fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The request `Gateway::handle` takes.
    pub(crate) fn build(self) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(self.method)
            .uri(self.uri)
            .header(HOST, self.host);
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder.body(Full::new(self.body)).unwrap()
    }
}
