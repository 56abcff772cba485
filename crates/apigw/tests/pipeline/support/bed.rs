//! The test bed: the real deployment compiler and gateway, the fake function, requests
//! built in code, and the outcome of each request in a snapshot-ready shape.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use apigw::deployment::compile;
use apigw::gateway::{AccessLog, AccessLogSink, Gateway};
use apigw::headers::APIGW_REQUEST_ID;
use apigw::jwt::{IssuerKeys, JwksSettings};
use apigw::stage::StageAccessLog;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{Response, StatusCode};
use serde::Serialize;
use store::StackRecord;

use super::function::FakeFunction;
use super::jwt::Issuer;
use super::request::{GATEWAY_PORT, Req};

/// The client address handed to the gateway.
const CLIENT: SocketAddr = SocketAddr::new(
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)),
    50_000,
);

/// A gateway serving some stacks, with the fake function behind every integration.
pub(crate) struct Bed {
    gateway: Gateway,
    pub(crate) function: Arc<FakeFunction>,
    issuer: Option<Issuer>,
    stage_lines: Arc<StageLines>,
}

/// The lines stages with `AccessLogSettings` wrote: (log group, line).
#[derive(Debug, Default)]
struct StageLines(Mutex<Vec<(String, String)>>);

impl AccessLogSink for StageLines {
    fn write(&self, destination: &StageAccessLog, line: &str) {
        self.0
            .lock()
            .unwrap()
            .push((destination.log_group_name.clone(), line.to_owned()));
    }
}

impl Bed {
    /// Compiles `stacks` with `apigw::deployment::compile` and publishes them.
    pub(crate) fn serve(stacks: &[StackRecord], function: FakeFunction) -> Self {
        let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
        let deployment = compile(stacks, &keys).expect("the stacks compile");
        let bed = Self::nothing_deployed(function);
        bed.gateway.publish(deployment);
        bed
    }

    /// A gateway that has never published anything.
    pub(crate) fn nothing_deployed(function: FakeFunction) -> Self {
        let function = Arc::new(function);
        let invoker: Arc<dyn lambda_host::Invoke> = function.clone();
        let stage_lines = Arc::new(StageLines::default());
        Self {
            gateway: Gateway::new(invoker, GATEWAY_PORT)
                .with_local_credentials(super::sigv4::local_credentials())
                .with_access_log_sink(stage_lines.clone()),
            function,
            issuer: None,
            stage_lines,
        }
    }

    /// The access-log lines stages wrote so far: (log group, line).
    pub(crate) fn stage_lines(&self) -> Vec<(String, String)> {
        self.stage_lines.0.lock().unwrap().clone()
    }

    /// Keeps the issuer running for the bed's lifetime and redacts its address.
    pub(crate) fn with_issuer(mut self, issuer: Issuer) -> Self {
        self.issuer = Some(issuer);
        self
    }

    /// The issuer given to [`Bed::with_issuer`].
    pub(crate) fn issuer(&self) -> &Issuer {
        self.issuer.as_ref().expect("the bed has an issuer")
    }

    /// Sends one request through `Gateway::handle`.
    /// Sends `request`'s head with `body` instead of its own; the raw answer.
    pub(crate) async fn send_with_body<B>(
        &self,
        request: Req,
        body: B,
    ) -> (http::Response<bytes::Bytes>, AccessLog)
    where
        B: http_body::Body<Data = bytes::Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (parts, _) = request.build().into_parts();
        self.gateway
            .handle(http::Request::from_parts(parts, body), CLIENT)
            .await
    }

    pub(crate) async fn send(&self, request: Req) -> Served {
        let (response, log) = self.gateway.handle(request.build(), CLIENT).await;
        let redactions: Vec<(String, String)> = self
            .issuer
            .iter()
            .map(|issuer| (issuer.origin().to_owned(), "http://[issuer]".to_owned()))
            .collect();
        Served::new(response, log, self.function.invocations(), &redactions)
    }
}

/// What only the HTTP API tests ask of a request.
impl Req {
    /// `{api_id}.execute-api.localhost:3000`.
    pub(crate) fn api_host(self, api_id: &str) -> Self {
        self.host(&format!("{api_id}.execute-api.localhost:{GATEWAY_PORT}"))
    }

    /// `Authorization: <value>` as given.
    pub(crate) fn authorization(self, value: &str) -> Self {
        self.header(AUTHORIZATION.as_str(), value)
    }

    /// `Authorization: Bearer <token>`.
    pub(crate) fn bearer(self, token: &str) -> Self {
        self.authorization(&format!("Bearer {token}"))
    }

    /// Adds the headers `sign` computes from the method, path and query, host, headers
    /// and body (see `support::sigv4`).
    pub(crate) fn signed_with(
        mut self,
        sign: impl FnOnce(&Unsigned<'_>) -> Vec<(String, String)>,
    ) -> Self {
        let added = sign(&Unsigned {
            method: self.method.as_str(),
            uri: &self.uri,
            host: &self.host,
            headers: &self.headers,
            body: &self.body,
        });
        self.headers.extend(added);
        self
    }
}

/// A request as a signer sees it.
pub(crate) struct Unsigned<'a> {
    pub(crate) method: &'a str,
    /// Path and query.
    pub(crate) uri: &'a str,
    pub(crate) host: &'a str,
    pub(crate) headers: &'a [(String, String)],
    pub(crate) body: &'a [u8],
}

/// What the client and the access log saw.
pub(crate) struct Served {
    pub(crate) response: Response<Bytes>,
    pub(crate) log: AccessLog,
    outcome: Outcome,
}

/// The snapshot of one request: the client's view, the access log's and whether the
/// function ran. Addresses and times that vary between runs are redacted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outcome {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) content_type: Option<String>,
    pub(crate) www_authenticate: Option<String>,
    pub(crate) route_key: Option<String>,
    pub(crate) explanation: Option<String>,
    pub(crate) invocations: usize,
}

impl Served {
    fn new(
        response: Response<Bytes>,
        log: AccessLog,
        invocations: usize,
        redactions: &[(String, String)],
    ) -> Self {
        let header = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &http::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let outcome = Outcome {
            status: response.status().as_u16(),
            body: String::from_utf8_lossy(response.body()).into_owned(),
            content_type: header(CONTENT_TYPE),
            www_authenticate: header(WWW_AUTHENTICATE).map(|v| redact(&v, redactions)),
            route_key: log.route_key.clone(),
            explanation: log.explanation.as_deref().map(|v| redact(v, redactions)),
            invocations,
        };
        Self {
            response,
            log,
            outcome,
        }
    }

    /// The snapshot value.
    pub(crate) fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.response.status()
    }

    pub(crate) fn explanation(&self) -> &str {
        self.log.explanation.as_deref().unwrap_or("")
    }

    /// Asserts a refusal: status, AWS's body, the content type, `apigw-requestid`, the
    /// access log's status, and the explanation containing each of `says`.
    #[track_caller]
    pub(crate) fn assert_refused(&self, status: u16, body: &str, says: &[&str]) {
        assert_eq!(self.status().as_u16(), status, "{:?}", self.outcome);
        assert_eq!(self.outcome.body, body, "{:?}", self.outcome);
        if body.starts_with('{') {
            assert_eq!(
                self.outcome.content_type.as_deref(),
                Some("application/json")
            );
        }
        assert_eq!(self.log.status.as_u16(), status);
        assert_eq!(
            self.response.headers()[APIGW_REQUEST_ID],
            self.log.request_id.as_str(),
            "every response carries the request id the log names"
        );
        let explanation = self.explanation();
        assert!(!explanation.is_empty(), "a refusal is explained");
        for words in says {
            assert!(
                explanation.contains(words),
                "the explanation should say {words:?}:\n{explanation}"
            );
        }
    }

    /// [`Served::assert_refused`] plus: the function was not invoked.
    #[track_caller]
    pub(crate) fn assert_refused_before_invoking(&self, status: u16, body: &str, says: &[&str]) {
        self.assert_refused(status, body, says);
        assert_eq!(self.outcome.invocations, 0, "the function must not run");
        assert!(self.log.function.is_none());
    }
}

/// Replaces run-dependent text: the issuer's address, Unix times (ten digits) and the
/// seconds in "N s ago" / "N s from now".
fn redact(text: &str, redactions: &[(String, String)]) -> String {
    let mut text = text.to_owned();
    for (from, to) in redactions {
        text = text.replace(from.as_str(), to);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let digits = &rest[start..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let (run, after) = digits.split_at(end);
        let glued = out.ends_with(|c: char| c.is_ascii_alphanumeric());
        if run.len() == 10 && !glued {
            out.push_str("[time]");
        } else if after.starts_with(" s ago") || after.starts_with(" s from now") {
            out.push_str("[n]");
        } else {
            out.push_str(run);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[test]
fn redaction_keeps_limits_accounts_and_ids() {
    let text = "exp is 1700000000 (12 s ago, now is 1700000012) a1b2c3d4e5 123456789012 10485760";
    assert_eq!(
        redact(text, &[]),
        "exp is [time] ([n] s ago, now is [time]) a1b2c3d4e5 123456789012 10485760"
    );
}
