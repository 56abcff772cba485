//! Bounded request handling (docs/limits.md): slow or idle clients are disconnected, a
//! connection over the cap is answered 503, and an unauthenticated client cannot make
//! gantry buffer bodies.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;
use test_support::issuer::{IssuerServer, TestKey};

use crate::support::{Gantry, Up, client, fixture};

/// How long a test waits for gantry to act on a 300 ms limit before calling it a hang.
const HANG: Duration = Duration::from_secs(10);

/// The e2e stack (`fixtures/stack.yaml`) with `extra` flags; the issuer and state dir
/// live as long as the returned guard.
fn start(extra: &[&str]) -> (Gantry, TempDir, IssuerServer, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let key = TestKey::generate("limits-key");
    let issuer = runtime.block_on(IssuerServer::start(
        json!({"keys": [key.jwk(Some("RS256"))]}),
    ));
    let state = tempfile::tempdir().expect("state dir");
    let template = fixture("stack.yaml");
    let gantry = Up::new(&template, state.path())
        .parameter("IssuerUri", &issuer.issuer)
        .extra(extra)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    (gantry, state, issuer, runtime)
}

fn connect(gantry: &Gantry) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", gantry.port)).expect("connects");
    stream.set_read_timeout(Some(HANG)).expect("read timeout");
    stream
}

/// Everything gantry sends until it closes the connection; fails if it holds it open.
fn read_until_closed(mut stream: TcpStream) -> String {
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => String::from_utf8_lossy(&answer).into_owned(),
        Err(error) => panic!(
            "gantry kept the connection open ({error}) after sending {:?}",
            String::from_utf8_lossy(&answer)
        ),
    }
}

#[test]
fn a_request_head_that_never_finishes_is_disconnected() {
    let (gantry, ..) = start(&["--header-read-timeout-ms", "300"]);
    let mut stream = connect(&gantry);
    stream
        .write_all(b"GET /open/ping HTTP/1.1\r\nHost: a\r\nx-slow: ")
        .expect("writes");
    read_until_closed(stream);
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let (gantry, ..) = start(&["--header-read-timeout-ms", "300"]);
    let mut stream = connect(&gantry);
    stream
        .write_all(b"GET /open/ping HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n")
        .expect("writes");
    // Answered (whatever the function says), then closed once idle.
    let answer = read_until_closed(stream);
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
}

#[test]
fn a_chunked_body_that_never_ends_is_refused() {
    let (gantry, ..) = start(&["--body-read-timeout-ms", "300"]);
    let mut stream = connect(&gantry);
    stream
        .write_all(
            b"POST /open/ping HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        )
        .expect("writes");
    let answer = read_until_closed(stream);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let output = gantry.wait_for_output("did not finish arriving within 300 ms");
    assert!(output.contains("POST /open/ping"), "{output}");
}

#[test]
fn a_connection_over_the_cap_gets_503_and_the_cap_frees_up() {
    let (gantry, ..) = start(&["--max-connections", "2"]);
    let held = [connect(&gantry), connect(&gantry)];
    // One request on each makes sure gantry has accepted both before the third.
    for mut stream in held.iter().map(|s| s.try_clone().expect("clone")) {
        stream
            .write_all(b"GET /open/ping HTTP/1.1\r\nHost: a\r\n\r\n")
            .expect("writes");
        let mut first = [0u8; 9];
        stream.read_exact(&mut first).expect("answered");
        assert_eq!(&first, b"HTTP/1.1 ");
    }
    let answer = read_until_closed(connect(&gantry));
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("connection: close"), "{answer}");
    gantry.wait_for_output("already serving 2 connections");
    drop(held);
    // The two connections' slots are released once gantry sees them closed.
    let served = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        client()
            .get(format!("{}/open/ping", gantry.base))
            .send()
            .is_ok_and(|r| r.status() != 503)
    });
    assert!(served, "{}", gantry.output());
}

/// gantry's peak resident memory so far (`VmHWM`), in KiB.
fn peak_rss_kib(gantry: &Gantry) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", gantry.pid())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn unauthenticated_clients_cannot_make_gantry_buffer_their_bodies() {
    const CLIENTS: usize = 100;
    const BODY: usize = 10 * 1000 * 1000;
    let (gantry, ..) = start(&[]);
    let before = peak_rss_kib(&gantry);
    let port = gantry.port;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream.set_read_timeout(Some(HANG)).unwrap();
                let head =
                    format!("POST /admin HTTP/1.1\r\nHost: a\r\nContent-Length: {BODY}\r\n\r\n");
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = stream.write_all(head.as_bytes()).is_ok();
                let mut left = BODY;
                while sent && left > 0 {
                    let n = left.min(chunk.len());
                    sent = stream.write_all(&chunk[..n]).is_ok();
                    left -= n;
                }
                let mut answer = Vec::new();
                let _ = stream.read_to_end(&mut answer);
                String::from_utf8_lossy(&answer).into_owned()
            })
        })
        .collect();
    for client in clients {
        let answer = client.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer:?}");
    }
    let grown_mib = peak_rss_kib(&gantry).saturating_sub(before) / 1024;
    assert!(
        grown_mib <= 50,
        "gantry's peak RSS grew by {grown_mib} MiB for {CLIENTS} refused 10 MB bodies"
    );
}

#[test]
fn bodies_over_the_buffered_body_budget_are_refused_503_with_the_reason() {
    let (gantry, ..) = start(&["--body-budget-bytes", "16"]);
    // Bodies within the budget, one after another: each releases its share.
    for _ in 0..3 {
        let response = client()
            .post(format!("{}/open/upload", gantry.base))
            .body(vec![b'x'; 10])
            .send()
            .unwrap();
        assert_ne!(response.status(), 503);
    }
    let response = client()
        .post(format!("{}/open/upload", gantry.base))
        .body(vec![b'x'; 64])
        .send()
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.text().unwrap(),
        r#"{"message":"Service Unavailable"}"#
    );
    gantry.wait_for_output("already hold 16 bytes of request bodies");
}
