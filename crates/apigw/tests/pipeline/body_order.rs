//! The body is read only once the request may go on: a request its authorizer refuses is
//! answered without its body being read (docs/limits.md §2).

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::Frame;

use crate::support::{Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Stack, request, source_arn};

/// A one-chunk body that records whether the gateway read it.
struct WatchedBody {
    read: Arc<AtomicBool>,
    sent: bool,
}

impl http_body::Body for WatchedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.read.store(true, Ordering::SeqCst);
        if self.sent {
            return Poll::Ready(None);
        }
        self.sent = true;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"{\"big\":1}")))))
    }
}

fn watched() -> (WatchedBody, Arc<AtomicBool>) {
    let read = Arc::new(AtomicBool::new(false));
    let body = WatchedBody {
        read: Arc::clone(&read),
        sent: false,
    };
    (body, read)
}

async fn jwt_bed() -> Bed {
    let issuer = Issuer::start().await;
    let stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::lambda("POST /pets", FUNCTION).jwt(&[]))
        .permission(FUNCTION, Some(&source_arn("*")));
    Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer)
}

#[tokio::test]
async fn a_request_the_jwt_authorizer_refuses_is_answered_without_reading_its_body() {
    let bed = jwt_bed().await;
    let (body, read) = watched();
    let (response, log) = bed.send_with_body(request("POST", "/pets"), body).await;
    assert_eq!(response.status(), 401);
    assert!(!read.load(Ordering::SeqCst), "the body was read: {log}");
    assert_eq!(log.context.request_length, 0);
}

#[tokio::test]
async fn a_request_to_a_missing_route_is_answered_without_reading_its_body() {
    let bed = jwt_bed().await;
    let (body, read) = watched();
    let (response, _) = bed.send_with_body(request("POST", "/cats"), body).await;
    assert_eq!(response.status(), 404);
    assert!(!read.load(Ordering::SeqCst));
}

#[tokio::test]
async fn an_allowed_request_s_body_reaches_the_function() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("POST /pets", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let (body, read) = watched();
    let (response, log) = bed.send_with_body(request("POST", "/pets"), body).await;
    assert_eq!(response.status(), 200, "{log}");
    assert!(read.load(Ordering::SeqCst));
    assert_eq!(log.context.request_length, 9);
}
