use std::sync::Arc;
use std::time::Duration;

use super::*;

fn invocation(id: &str) -> Invocation {
    Invocation {
        request_id: id.to_owned(),
        payload: Bytes::from_static(b"{}"),
        deadline_ms: 0,
        invoked_function_arn: "arn".into(),
        trace_id: String::new(),
        client_context: None,
    }
}

#[tokio::test]
async fn first_next_signals_init_and_receives_the_dispatched_event() {
    let (state, init) = RuntimeState::new();
    let runtime = tokio::spawn({
        let state = Arc::clone(&state);
        async move { state.next().await }
    });
    assert_eq!(init.await.unwrap(), InitSignal::Ready);
    let reply = state.dispatch(invocation("a"));
    assert_eq!(runtime.await.unwrap().unwrap().request_id, "a");
    let slot = state.begin_result("a", ResultKind::Response).unwrap();
    slot.complete(RuntimeReply::Response {
        body: Bytes::from_static(b"1"),
    });
    assert_eq!(
        reply.await.unwrap(),
        RuntimeReply::Response {
            body: Bytes::from_static(b"1")
        }
    );
}

#[tokio::test]
async fn event_dispatched_before_next_is_not_lost() {
    let (state, _init) = RuntimeState::new();
    let _reply = state.dispatch(invocation("early"));
    let got = tokio::time::timeout(Duration::from_secs(5), state.next())
        .await
        .unwrap();
    assert_eq!(got.unwrap().request_id, "early");
}

#[tokio::test]
async fn out_of_order_calls_are_invalid_state_transitions() {
    let (state, _init) = RuntimeState::new();
    assert_eq!(
        state.begin_result("x", ResultKind::Response).err(),
        Some(Refusal::InvalidStateTransition {
            from: "Started",
            to: "InvocationResponse"
        })
    );
    let _reply = state.dispatch(invocation("a"));
    state.next().await.unwrap();
    assert_eq!(
        state.next().await.err(),
        Some(Refusal::InvalidStateTransition {
            from: "Running",
            to: "Ready"
        })
    );
    assert_eq!(
        state.init_error("E".into(), Bytes::new()).err(),
        Some(Refusal::InvalidStateTransition {
            from: "Running",
            to: "InitError"
        })
    );
    assert_eq!(
        state.begin_result("other", ResultKind::Error).err(),
        Some(Refusal::InvalidRequestId)
    );
    state
        .begin_result("a", ResultKind::Error)
        .unwrap()
        .complete(RuntimeReply::Error {
            error_type: "E".into(),
            body: Bytes::new(),
        });
    assert_eq!(
        state.begin_result("a", ResultKind::Response).err(),
        Some(Refusal::InvalidStateTransition {
            from: "ResponseSent",
            to: "InvocationResponse"
        })
    );
}

#[tokio::test]
async fn dropped_result_slot_puts_the_invocation_back_in_flight() {
    let (state, _init) = RuntimeState::new();
    let _reply = state.dispatch(invocation("a"));
    state.next().await.unwrap();
    drop(state.begin_result("a", ResultKind::Response).unwrap());
    assert!(state.begin_result("a", ResultKind::Response).is_ok());
}

#[tokio::test]
async fn init_error_is_reported_once_and_only_before_the_first_next() {
    let (state, init) = RuntimeState::new();
    state
        .init_error(
            "Runtime.ImportModuleError".into(),
            Bytes::from_static(b"{}"),
        )
        .unwrap();
    assert_eq!(
        init.await.unwrap(),
        InitSignal::Failed {
            error_type: "Runtime.ImportModuleError".into(),
            body: Bytes::from_static(b"{}")
        }
    );
    assert!(matches!(
        state.next().await,
        Err(Refusal::InvalidStateTransition {
            from: "InitError",
            ..
        })
    ));
}

#[tokio::test]
async fn withdraw_takes_back_only_undelivered_events() {
    let (state, _init) = RuntimeState::new();
    let _reply = state.dispatch(invocation("a"));
    assert!(state.withdraw());
    let _reply = state.dispatch(invocation("b"));
    state.next().await.unwrap();
    assert!(!state.withdraw());
}

#[tokio::test]
async fn stop_releases_a_parked_next() {
    let (state, _init) = RuntimeState::new();
    let parked = tokio::spawn({
        let state = Arc::clone(&state);
        async move { state.next().await }
    });
    tokio::task::yield_now().await;
    state.stop();
    assert_eq!(parked.await.unwrap().err(), Some(Refusal::ShuttingDown));
}

#[tokio::test]
async fn a_ready_runtime_is_handed_the_event_at_once_and_its_result_completes_here() {
    let (state, init) = RuntimeState::new();
    state.ready().unwrap();
    assert_eq!(init.await.unwrap(), InitSignal::Ready);
    let (reply, handed) = state.hand_out(invocation("a"));
    assert_eq!(handed.unwrap().request_id, "a");
    // The event is in flight: a second /next is refused, as over HTTP.
    assert_eq!(
        state.ready().err(),
        Some(Refusal::InvalidStateTransition {
            from: "Running",
            to: "Ready"
        })
    );
    let body = Bytes::from_static(b"1");
    let slot = state.begin_result("a", ResultKind::Response).unwrap();
    assert_eq!(
        slot.complete_here(RuntimeReply::Response { body: body.clone() }),
        RuntimeReply::Response { body }
    );
    assert!(
        reply.await.is_err(),
        "the receiver only sees a closed channel"
    );
    state.ready().unwrap();
}

#[tokio::test]
async fn an_event_for_a_runtime_that_is_not_ready_waits_for_next() {
    let (state, _init) = RuntimeState::new();
    let (_reply, handed) = state.hand_out(invocation("a"));
    assert!(handed.is_none());
    assert_eq!(state.next().await.unwrap().request_id, "a");
}

#[tokio::test]
async fn a_result_posted_over_http_answers_an_event_handed_out_over_the_channel() {
    let (state, _init) = RuntimeState::new();
    state.ready().unwrap();
    let (reply, _handed) = state.hand_out(invocation("a"));
    state
        .begin_result("a", ResultKind::Response)
        .unwrap()
        .complete(RuntimeReply::Response { body: Bytes::new() });
    assert_eq!(
        reply.await.unwrap(),
        RuntimeReply::Response { body: Bytes::new() }
    );
}
