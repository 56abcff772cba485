//! The REST test bed: the real deployment compiler and gateway, the scripted function,
//! requests built in code, and what the client and the access log saw.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use apigw::deployment::compile;
use apigw::gateway::{AccessLog, AccessLogSink, Gateway};
use apigw::iam::LocalCredentials;
use apigw::jwt::{IssuerKeys, JwksSettings};
use apigw::stage::StageAccessLog;
use bytes::Bytes;
use http::Response;
use store::StackRecord;

use super::function::FakeFunction;
use super::request::{GATEWAY_PORT, Req};

/// The client address handed to the gateway.
pub(crate) const CLIENT: SocketAddr = SocketAddr::new(
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)),
    50_000,
);

/// The keys the bed's gateway holds for its default identity.
pub(crate) fn local_credentials() -> LocalCredentials {
    LocalCredentials {
        access_key_id: "AKIARESTPIPELINEXMPL".to_owned(),
        secret_access_key: "restPipelineSecretKeyEXAMPLErestPipeline".to_owned(),
    }
}

/// A gateway serving some stacks, with the fake function behind every integration.
pub(crate) struct Bed {
    gateway: Gateway,
    pub(crate) function: Arc<FakeFunction>,
    stage_lines: Arc<StageLines>,
}

/// The lines stages with `AccessLogSetting` wrote.
#[derive(Debug, Default)]
struct StageLines(Mutex<Vec<String>>);

impl AccessLogSink for StageLines {
    fn write(&self, _destination: &StageAccessLog, line: &str) {
        self.0.lock().unwrap().push(line.to_owned());
    }
}

impl Bed {
    /// Compiles `stacks` with `apigw::deployment::compile` and publishes them.
    pub(crate) fn serve(stacks: &[StackRecord], function: FakeFunction) -> Self {
        let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
        Self::serve_with_keys(stacks, function, &keys)
    }

    /// [`Bed::serve`] with these issuer keys (a built-in issuer for Cognito pools).
    pub(crate) fn serve_with_keys(
        stacks: &[StackRecord],
        function: FakeFunction,
        keys: &IssuerKeys,
    ) -> Self {
        let deployment = compile(stacks, keys).expect("the stacks compile");
        let function = Arc::new(function);
        let invoker: Arc<dyn lambda_host::Invoke> = function.clone();
        let stage_lines = Arc::new(StageLines::default());
        let gateway = Gateway::new(invoker, GATEWAY_PORT)
            .with_local_credentials(local_credentials())
            .with_access_log_sink(stage_lines.clone());
        gateway.publish(deployment);
        Self {
            gateway,
            function,
            stage_lines,
        }
    }

    /// The access-log lines stages wrote so far.
    pub(crate) fn stage_lines(&self) -> Vec<String> {
        self.stage_lines.0.lock().unwrap().clone()
    }

    /// Sends one request through `Gateway::handle`.
    pub(crate) async fn send(&self, request: Req) -> Served {
        let (response, log) = self.gateway.handle(request.build(), CLIENT).await;
        Served { response, log }
    }
}

/// What the client and the access log saw.
pub(crate) struct Served {
    pub(crate) response: Response<Bytes>,
    pub(crate) log: AccessLog,
}

impl Served {
    pub(crate) fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    pub(crate) fn body(&self) -> String {
        String::from_utf8_lossy(self.response.body()).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap())
    }

    pub(crate) fn explanation(&self) -> &str {
        self.log.explanation.as_deref().unwrap_or("")
    }

    /// Asserts a refusal: status, AWS's exact body, `x-amzn-ErrorType` when AWS sends
    /// one, the ids on the response, and the explanation containing each of `says`.
    #[track_caller]
    pub(crate) fn assert_refused(
        &self,
        status: u16,
        body: &str,
        error_type: Option<&str>,
        says: &[&str],
    ) {
        assert_eq!(
            self.status(),
            status,
            "{}: {}",
            self.body(),
            self.explanation()
        );
        assert_eq!(self.body(), body);
        assert_eq!(self.header("x-amzn-errortype"), error_type);
        self.assert_ids();
        let explanation = self.explanation();
        for words in says {
            assert!(
                explanation.contains(words),
                "the explanation should say {words:?}:\n{explanation}"
            );
        }
    }

    /// `x-amzn-RequestId` is a UUID and names the log line; `x-amz-apigw-id` is set.
    #[track_caller]
    pub(crate) fn assert_ids(&self) {
        let request_id = self.header("x-amzn-requestid").expect("x-amzn-RequestId");
        assert_eq!(request_id.len(), 36, "{request_id}");
        assert_eq!(request_id, self.log.request_id);
        assert!(
            self.header("x-amz-apigw-id")
                .is_some_and(|id| id.ends_with('='))
        );
    }
}
