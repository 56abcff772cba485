//! Custom resources' transport (cdk.md §7): the HTTPS `ResponseURL` their providers PUT
//! to ([`ResponseEndpoint`]) and its locally made certificate. Invoking the provider is
//! [`crate::checks`]' part; the protocol's objects are the engine's
//! ([`cfn_engine::custom_resource`]).

mod certificate;
mod response_url;

use std::path::PathBuf;

pub use response_url::{ResponseBody, ResponseEndpoint};

/// The [`ResponseEndpoint`], started when the first custom resource needs it: a stack
/// without custom resources makes no certificate and opens no port.
pub struct LazyResponseEndpoint {
    /// Where the certificate files go.
    dir: PathBuf,
    endpoint: tokio::sync::OnceCell<ResponseEndpoint>,
}

impl LazyResponseEndpoint {
    /// An endpoint that will keep its certificate files in `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            endpoint: tokio::sync::OnceCell::new(),
        }
    }

    /// The endpoint, started on first use.
    pub async fn get(&self) -> anyhow::Result<&ResponseEndpoint> {
        self.endpoint
            .get_or_try_init(|| ResponseEndpoint::start(&self.dir))
            .await
    }
}
