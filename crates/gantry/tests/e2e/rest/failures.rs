//! Integration failures (`fixtures/rest/failures`, SAM's implicit API): a malformed proxy
//! result and a function error are 502, a function slower than the method's
//! `TimeoutInMillis` is 504, each explained on the request's log line
//! (aws-rest-api.md §3.1, aws-rest-api.md §3.4).

use super::{ENDPOINT_TIMED_OUT, INTERNAL_SERVER_ERROR, Served};

#[test]
fn malformed_results_errors_and_timeouts_are_502_and_504_explained() {
    let served = Served::start("failures");

    // An unknown top-level key: 502, and the log names it.
    let reply = served.get("/Prod/malformed", &[]);
    reply.assert(502, INTERNAL_SERVER_ERROR);
    assert_eq!(INTERNAL_SERVER_ERROR.len(), 36);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(
        reply.log.contains("Malformed Lambda proxy response"),
        "{}",
        reply.log
    );
    assert!(reply.log.contains("wrongValue"), "{}", reply.log);

    // The function throws: 502, the error on the log.
    let reply = served.get("/Prod/error", &[]);
    reply.assert(502, INTERNAL_SERVER_ERROR);
    assert!(reply.log.contains("the database is down"), "{}", reply.log);

    // Slower than TimeoutInMillis 500 (the function's own timeout is 10 s): 504.
    let reply = served.get("/Prod/slow", &[]);
    reply.assert(504, ENDPOINT_TIMED_OUT);
    assert!(
        reply.log.contains("500"),
        "the timeout named: {}",
        reply.log
    );
}
