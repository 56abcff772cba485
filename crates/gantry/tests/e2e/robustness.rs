//! Bad requests never take the server down: each gets an answer and the next request is
//! served.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use crate::stack::TestStack;
use crate::support::{client, log_record, request_id};

fn still_serving(stack: &TestStack) {
    let response = client().get(stack.url("/open/ping")).send().unwrap();
    assert_eq!(response.status(), 200, "the server must keep serving");
}

fn raw_exchange(stack: &TestStack, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", stack.gantry.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn malformed_requests_get_an_answer_and_the_server_stays_up() {
    let stack = TestStack::start();
    for garbage in [
        &b"\x00\x01\x02 not http at all\r\n\r\n"[..],
        b"GET /open/x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n",
        b"GET /open/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /open/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n",
    ] {
        let answer = raw_exchange(&stack, garbage);
        assert!(
            answer.is_empty()
                || answer.starts_with("HTTP/1.1 4")
                || answer.starts_with("HTTP/1.1 2"),
            "{answer:?}"
        );
        still_serving(&stack);
    }
}

#[test]
fn oversized_headers_and_bodies_are_refused_and_the_server_stays_up() {
    let stack = TestStack::start();
    let huge_header = "x".repeat(100 * 1024);
    let response = client()
        .get(stack.url("/open/x"))
        .header("x-huge", huge_header)
        .send();
    match response {
        Ok(response) => assert_eq!(response.status(), 431),
        // hyper may close the connection while the client is still sending.
        Err(error) => assert!(
            error.is_request() || error.is_body() || error.is_connect(),
            "{error}"
        ),
    }
    still_serving(&stack);

    let body = vec![b'a'; 10 * 1024 * 1024 + 1];
    let response = client()
        .post(stack.url("/open/upload"))
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 413);
    let id = request_id(&response);
    assert_eq!(
        response.text().unwrap(),
        "HTTP content length exceeded 10485760 bytes."
    );
    assert!(log_record(&stack.gantry, &id).contains("10485760"));

    // Exactly at the limit is accepted.
    let body = vec![b'a'; 10 * 1024 * 1024];
    let response = client()
        .post(stack.url("/open/upload"))
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .unwrap();
    assert_ne!(response.status(), 413);
    still_serving(&stack);
}

#[test]
fn unknown_paths_and_gantry_paths_are_404_with_a_reason() {
    let stack = TestStack::start();
    let response = client().get(stack.url("/nowhere/at/all")).send().unwrap();
    assert_eq!(response.status(), 404);
    let id = request_id(&response);
    assert_eq!(response.text().unwrap(), r#"{"message":"Not Found"}"#);
    assert!(log_record(&stack.gantry, &id).contains("no route"));
    // A route that exists for another method is 404 too (HTTP APIs have no 405).
    assert_eq!(
        client().delete(stack.url("/echo")).send().unwrap().status(),
        404
    );
    assert_eq!(
        client()
            .get(stack.url("/_gantry/nothing"))
            .send()
            .unwrap()
            .status(),
        404
    );
}
