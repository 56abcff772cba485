//! A real HTTP endpoint on 127.0.0.1:0 for the `HTTP_PROXY` tests of the HTTP API and
//! REST API pipelines: every request goes to the test's handler; dropping it stops the
//! server.

use axum::Router;
use axum::handler::Handler;
use tokio::task::JoinHandle;

/// A running endpoint.
pub(crate) struct Endpoint {
    /// `http://127.0.0.1:PORT`.
    pub(crate) base: String,
    task: JoinHandle<()>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Endpoint {
    /// Serves `handler` for every path and method.
    pub(crate) async fn start<H, T>(handler: H) -> Self
    where
        H: Handler<T, ()>,
        T: 'static,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, Router::new().fallback(handler)).await;
        });
        Self { base, task }
    }
}
