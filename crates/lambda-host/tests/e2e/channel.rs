//! gantry's Node.js and Python bootstraps use the bootstrap channel, and handlers cannot
//! tell: each scenario runs over the HTTP Runtime API and over the channel, and what
//! callers get back and what the logs say must be the same (see `twin`).

use lambda_host::{CodeSource, FunctionConfig};
use serde_json::{Value, json};

use crate::support::{fixture, function, host_with, json, node_function, python_function};
use crate::twin::{Call, FIXED_TRACE, Observed, assert_same, observe, socket_kinds};

const TRACE: &str = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
/// Non-ASCII, and blanks around it: header decoding and trimming must be reproduced.
const CLIENT_CONTEXT: &str = " {\"custom\":{\"name\":\"caf\u{e9}\"},\"env\":{\"locale\":\"fr\"},\"client\":{\"app_title\":\"t\"}} \t";

async fn twins(functions: &[FunctionConfig], calls: impl Fn() -> Vec<Call>) -> Observed {
    let (http, _http_host) = observe(false, functions, calls(), None).await;
    let (channel, _channel_host) = observe(true, functions, calls(), None).await;
    assert_same(&http, &channel);
    channel
}

fn node_observer(name: &str, handler: &str) -> FunctionConfig {
    function(
        name,
        "nodejs20.x",
        handler,
        CodeSource::Directory(fixture("node/observe")),
    )
}

fn python_observer(name: &str) -> FunctionConfig {
    function(
        name,
        "python3.11",
        "observe.handler",
        CodeSource::Directory(fixture("python")),
    )
}

fn observing_calls(function: &'static str) -> Vec<Call> {
    vec![
        Call::new(function, "req-1", json!({"n": 1})).with(|options| {
            options
                .with_trace_id(TRACE)
                .with_client_context(CLIENT_CONTEXT)
        }),
        // No trace header at all: _X_AMZN_TRACE_ID must be unset.
        Call::new(function, "req-2", json!({"n": 2})).with(|options| options.with_trace_id("")),
        Call::new(function, "req-3", json!({"action": "throw"})),
        Call::new(function, "req-4", json!({"action": "unserialisable"})),
        Call::new(function, "req-5", json!({"n": 5})),
    ]
}

#[tokio::test]
async fn node_handlers_observe_the_same_environment_context_argv_and_errors() {
    let functions = [
        node_observer("node-observe", "index.handler"),
        node_observer("node-stream", "index.streamed"),
    ];
    let observed = twins(&functions, || {
        let mut calls = observing_calls("node-observe");
        calls.push(Call::new(
            "node-observe",
            "req-6",
            json!({"action": "pending"}),
        ));
        calls.push(Call::new("node-stream", "req-7", json!({})));
        calls.push(Call::new("node-stream", "req-8", json!({"action": "fail"})));
        calls.push(Call::new(
            "node-stream",
            "req-9",
            json!({"action": "big", "bytes": 7_000_000}),
        ));
        calls.push(Call::new("node-stream", "req-10", json!({})));
        calls
    })
    .await;
    // What the comparison covered, on the channel side.
    let first = &observed.outcomes[0]["payload"];
    assert_eq!(first["env"]["_X_AMZN_TRACE_ID"], TRACE);
    assert_eq!(
        first["context"]["clientContext"]["custom"]["name"],
        "caf\u{c3}\u{a9}"
    );
    assert_eq!(first["context"]["getRemainingTimeInMillis"], "function 0");
    assert_eq!(first["argv"].as_array().unwrap().len(), 2);
    assert_eq!(first["runtimeApi"]["status"], 403);
    assert_eq!(
        observed.outcomes[1]["payload"]["env"].get("_X_AMZN_TRACE_ID"),
        None
    );
    assert_eq!(
        observed.outcomes[4]["payload"]["env"]["_X_AMZN_TRACE_ID"],
        FIXED_TRACE
    );
    assert_eq!(observed.outcomes[2]["detail"], "TypeError");
    assert_eq!(
        observed.outcomes[5]["payload"],
        Value::Null,
        "drained event loop"
    );
    let streamed = observed.outcomes[6]["payload"].as_str().unwrap();
    assert!(
        streamed.ends_with("\0\0\0\0\0\0\0\0hello world"),
        "{streamed:?}"
    );
    assert_eq!(observed.outcomes[7]["detail"], "RangeError");
    assert_eq!(observed.outcomes[8]["result"], "ResponseTooLarge");
    assert_eq!(
        observed.outcomes[9]["cold"], false,
        "the stream's environment was reused"
    );
    assert!(
        observed
            .logs
            .iter()
            .any(|line| line == "START RequestId: req-# Version: $LATEST"),
        "{:#?}",
        observed.logs
    );
}

#[tokio::test]
async fn python_handlers_observe_the_same_environment_context_argv_and_errors() {
    let functions = [python_observer("py-observe")];
    let observed = twins(&functions, || observing_calls("py-observe")).await;
    let first = &observed.outcomes[0]["payload"];
    assert_eq!(first["env"]["_X_AMZN_TRACE_ID"], TRACE);
    let client = &first["context"]["client_context"]["attributes"];
    assert_eq!(client["custom"]["name"], "caf\u{c3}\u{a9}");
    assert_eq!(first["argv"].as_array().unwrap().len(), 1);
    assert_eq!(first["runtime_api"]["status"], 403);
    assert_eq!(first["stdin_closed"], true);
    assert_eq!(
        observed.outcomes[1]["payload"]["env"].get("_X_AMZN_TRACE_ID"),
        None
    );
    assert_eq!(observed.outcomes[2]["payload"]["errorType"], "TypeError");
    assert_eq!(
        observed.outcomes[3]["payload"]["errorType"],
        "Runtime.MarshalError"
    );
}

#[tokio::test]
async fn init_errors_are_reported_the_same() {
    let broken = CodeSource::Directory(fixture("node/broken"));
    let functions = [
        function(
            "node-missing",
            "nodejs20.x",
            "missing.handler",
            broken.clone(),
        ),
        function(
            "node-notfn",
            "nodejs20.x",
            "notfunction.handler",
            broken.clone(),
        ),
        function(
            "node-syntax",
            "nodejs20.x",
            "syntax.handler",
            broken.clone(),
        ),
        function("node-throws", "nodejs20.x", "initthrows.handler", broken),
        function(
            "py-missing",
            "python3.11",
            "missing.handler",
            CodeSource::Directory(fixture("python")),
        ),
        function(
            "py-syntax",
            "python3.11",
            "broken_syntax.handler",
            CodeSource::Directory(fixture("python")),
        ),
    ];
    let observed = twins(&functions, || {
        [
            "node-missing",
            "node-notfn",
            "node-syntax",
            "node-throws",
            "py-missing",
            "py-syntax",
        ]
        .into_iter()
        .enumerate()
        .map(|(index, name)| Call::new(name, &format!("init-{index}"), json!({})))
        .collect()
    })
    .await;
    let types: Vec<&Value> = observed.outcomes.iter().map(|o| &o["detail"]).collect();
    assert_eq!(
        types,
        [
            "Runtime.ImportModuleError",
            "Runtime.HandlerNotFound",
            "Runtime.UserCodeSyntaxError",
            "Error",
            "Runtime.ImportModuleError",
            "Runtime.UserCodeSyntaxError"
        ]
    );
}

#[tokio::test]
async fn oversized_responses_are_refused_and_logged_the_same() {
    let functions = [
        node_function("node-big"),
        function(
            "py-big",
            "python3.11",
            "observe.handler",
            CodeSource::Directory(fixture("python")),
        ),
    ];
    let calls = || {
        vec![
            Call::new(
                "node-big",
                "big-1",
                json!({"action": "big", "bytes": 7_000_000}),
            ),
            Call::new(
                "py-big",
                "big-2",
                json!({"action": "big", "bytes": 7_000_000}),
            ),
            Call::new("node-big", "big-3", json!({"action": "big", "bytes": 10})),
        ]
    };
    let settled = Some("Runtime API /invocation/big-2/response answered 413");
    let (http, _http_host) = observe(false, &functions, calls(), settled).await;
    let (channel, _channel_host) = observe(true, &functions, calls(), settled).await;
    assert_same(
        &Observed {
            outcomes: http.outcomes.clone(),
            logs: Vec::new(),
        },
        &Observed {
            outcomes: channel.outcomes.clone(),
            logs: Vec::new(),
        },
    );
    assert_eq!(channel.outcomes[0]["result"], "ResponseTooLarge");
    assert_eq!(channel.outcomes[2]["cold"], false);
    // The runtimes log the refusal (after END, as over HTTP, so only its text is compared).
    for observed in [&http, &channel] {
        let refusals: Vec<&String> = observed
            .logs
            .iter()
            .filter(|line| line.contains("Exceeded maximum allowed payload size"))
            .collect();
        assert_eq!(refusals.len(), 2, "{:#?}", observed.logs);
        assert!(
            refusals[0].ends_with(
                "\tERROR\tFailed to post handler success response. Http response code: #. \
                 {\"errorMessage\":\"Exceeded maximum allowed payload size (# bytes).\",\
                 \"errorType\":\"RequestEntityTooLarge\"}"
            ),
            "{}",
            refusals[0]
        );
        assert!(
            refusals[1].starts_with("[ERROR] Runtime API /invocation/big-#/response answered #: "),
            "{}",
            refusals[1]
        );
    }
}

#[tokio::test]
async fn managed_runtimes_use_a_unix_socket_and_custom_runtimes_keep_http() {
    for channel in [true, false] {
        let test = host_with(|config| config.bootstrap_channel = channel).await;
        test.deploy(node_function("node-sockets")).await;
        test.deploy(python_function("py-sockets")).await;
        for name in ["node-sockets", "py-sockets"] {
            let pid = json(&test.invoke(name, json!({})).await)["pid"]
                .as_u64()
                .unwrap();
            let (unix, tcp) = socket_kinds(pid);
            if channel {
                assert_eq!((unix, tcp), (1, 0), "{name} over the channel");
            } else {
                assert_eq!((unix, tcp), (0, 1), "{name} over HTTP");
            }
        }
        let channels = test.work.path().join("work/runtimes/channels");
        let left: Vec<_> = std::fs::read_dir(&channels).unwrap().collect();
        assert!(
            left.is_empty(),
            "socket files are removed once connected: {left:?}"
        );
    }
}

#[tokio::test]
async fn without_a_usable_socket_path_the_bootstraps_use_http() {
    // Unix socket paths are limited to 107 bytes; this work directory is deeper.
    let test = host_with(|config| {
        config.work_dir = config.work_dir.join("d".repeat(60)).join("e".repeat(60));
    })
    .await;
    test.deploy(node_function("node-deep")).await;
    test.deploy(python_function("py-deep")).await;
    for name in ["node-deep", "py-deep"] {
        let outcome = test.invoke(name, json!({})).await;
        assert!(outcome.is_success(), "{}", outcome.explain());
        let pid = json(&outcome)["pid"].as_u64().unwrap();
        assert_eq!(socket_kinds(pid), (0, 1), "{name} fell back to HTTP");
        assert!(test.invoke(name, json!({})).await.is_success());
    }
}
