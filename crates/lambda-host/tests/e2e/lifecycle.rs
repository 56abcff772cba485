//! Environment lifecycle: warm reuse, concurrency and its cap, timeouts, crashes, idle
//! reaping, cancellation, shutdown.

use std::collections::HashSet;
use std::time::Duration;

use bytes::Bytes;
use lambda_host::{InvokeOptions, InvokeResult};
use serde_json::json;

use crate::support::{
    eventually, host, host_with, json, node_function, process_exists, python_function,
};

#[tokio::test]
async fn consecutive_invocations_reuse_one_warm_process() {
    let test = host().await;
    test.deploy(node_function("warm")).await;
    let first = test.invoke("warm", json!({})).await;
    let second = test.invoke("warm", json!({})).await;
    let third = test.invoke("warm", json!({})).await;
    assert!(
        first.init_duration.is_some(),
        "the first invocation started the environment"
    );
    assert_eq!(second.init_duration, None);
    assert_eq!(third.init_duration, None);
    let pids: HashSet<_> = [&first, &second, &third]
        .iter()
        .map(|o| json(o)["pid"].clone())
        .collect();
    assert_eq!(pids.len(), 1, "{pids:?}");
    assert_eq!(test.host.stats("warm").unwrap().environments, 1);
}

#[tokio::test]
async fn parallel_invocations_use_one_environment_each() {
    const PARALLEL: usize = 4;
    let test = host().await;
    test.deploy(node_function("parallel")).await;
    let barrier = test.scratch_dir("barrier");
    let event = json!({"action": "barrier", "dir": barrier, "count": PARALLEL});
    // Each invocation waits until all of them are running at once, which is only
    // possible with one environment per invocation.
    let invocations = (0..PARALLEL).map(|_| test.invoke("parallel", event.clone()));
    let outcomes = futures::future::join_all(invocations).await;
    let pids: HashSet<_> = outcomes
        .iter()
        .map(|outcome| {
            assert!(outcome.is_success(), "{}", outcome.explain());
            json(outcome)["pid"].clone()
        })
        .collect();
    assert_eq!(pids.len(), PARALLEL);
    assert_eq!(test.host.stats("parallel").unwrap().environments, PARALLEL);
}

#[tokio::test]
async fn concurrency_cap_holds_and_excess_invocations_queue() {
    let test = host().await;
    let mut config = node_function("capped");
    config.reserved_concurrency = Some(2);
    test.deploy(config).await;
    let gate = test.scratch_dir("gate");
    let event = json!({"action": "hold", "dir": gate});
    let host = &test.host;
    let invocations: Vec<_> = (0..4)
        .map(|_| {
            let payload = Bytes::from(event.to_string());
            async move {
                host.invoke("capped", payload, InvokeOptions::default())
                    .await
                    .unwrap()
            }
        })
        .collect();
    let run = futures::future::join_all(invocations);
    let check = async {
        let arrived = || std::fs::read_dir(&gate).unwrap().count();
        eventually("two invocations hold their environments", || arrived() == 2).await;
        let stats = test.host.stats("capped").unwrap();
        assert_eq!((stats.environments, stats.cap), (2, 2));
        std::fs::write(gate.join("release"), "").unwrap();
    };
    let (outcomes, ()) = tokio::join!(run, check);
    let pids: HashSet<_> = outcomes.iter().map(|o| json(o)["pid"].clone()).collect();
    assert_eq!(outcomes.iter().filter(|o| o.is_success()).count(), 4);
    assert_eq!(pids.len(), 2, "never more than two environments: {pids:?}");
}

#[tokio::test]
async fn timeout_stops_the_environment_with_lambdas_message() {
    let test = host().await;
    let mut config = node_function("slow");
    config.timeout = Duration::from_millis(300);
    test.deploy(config).await;
    let pid = json(&test.invoke("slow", json!({})).await)["pid"]
        .as_u64()
        .unwrap() as u32;
    let outcome = test
        .invoke("slow", json!({"action": "sleep", "ms": 10_000}))
        .await;
    let InvokeResult::Timeout { timeout, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(*timeout, Duration::from_millis(300));
    assert_eq!(
        json(&outcome),
        json!({
            "errorType": "Sandbox.Timedout",
            "errorMessage": format!("RequestId: {} Error: Task timed out after 0.30 seconds", outcome.request_id)
        })
    );
    assert!(outcome.duration >= Duration::from_millis(300));
    eventually("the timed-out process is gone", || !process_exists(pid)).await;
    let next = test.invoke("slow", json!({})).await;
    assert!(next.is_success());
    assert_ne!(json(&next)["pid"].as_u64().unwrap() as u32, pid);
}

#[tokio::test]
async fn crash_mid_invocation_is_an_exit_error_and_the_environment_is_replaced() {
    let test = host().await;
    test.deploy(python_function("crashy")).await;
    let pid = json(&test.invoke("crashy", json!({})).await)["pid"].clone();
    let outcome = test
        .invoke("crashy", json!({"action": "crash", "code": 3}))
        .await;
    let InvokeResult::ExitError { exit, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(exit, "exit status 3");
    assert_eq!(
        json(&outcome),
        json!({
            "errorType": "Runtime.ExitError",
            "errorMessage": format!("RequestId: {} Error: Runtime exited with error: exit status 3", outcome.request_id)
        })
    );
    let next = test.invoke("crashy", json!({})).await;
    assert!(next.is_success());
    assert_ne!(json(&next)["pid"], pid);
}

#[tokio::test]
async fn idle_environments_are_stopped_after_the_idle_timeout() {
    let test = host_with(|config| config.idle_timeout = Duration::from_millis(100)).await;
    test.deploy(node_function("idle")).await;
    let pid = json(&test.invoke("idle", json!({})).await)["pid"]
        .as_u64()
        .unwrap() as u32;
    eventually("the idle environment is stopped", || {
        test.host.stats("idle").unwrap().environments == 0
    })
    .await;
    eventually("its process is gone", || !process_exists(pid)).await;
    assert!(test.invoke("idle", json!({})).await.is_success());
}

#[tokio::test]
async fn a_dropped_invocation_finishes_and_returns_its_environment() {
    let test = host().await;
    let mut config = node_function("abandoned");
    config.reserved_concurrency = Some(1);
    test.deploy(config).await;
    let first = json(&test.invoke("abandoned", json!({})).await)["pid"].clone();
    let gate = test.scratch_dir("gate");
    let slow = test.host.invoke(
        "abandoned",
        Bytes::from(json!({"action": "hold", "dir": gate}).to_string()),
        InvokeOptions::default(),
    );
    // The caller gives up (like an API Gateway integration timeout) once the function runs.
    let gave_up = tokio::time::timeout(Duration::from_secs(5), async {
        tokio::select! {
            _ = slow => panic!("the held invocation cannot finish before release"),
            () = eventually("the invocation is running", || std::fs::read_dir(&gate).unwrap().count() == 1) => {}
        }
    })
    .await;
    assert!(gave_up.is_ok());
    std::fs::write(gate.join("release"), "").unwrap();
    // With a cap of one, this waits for the abandoned invocation, then reuses its process.
    let after = test.invoke("abandoned", json!({})).await;
    assert!(after.is_success());
    assert_eq!(json(&after)["pid"], first);
    let reports = |test: &crate::support::TestHost| {
        test.messages()
            .iter()
            .filter(|line| line.starts_with("REPORT RequestId: "))
            .count()
    };
    assert_eq!(
        reports(&test),
        3,
        "the abandoned invocation was reported too"
    );
}

#[tokio::test]
async fn an_invocation_abandoned_while_queued_still_runs() {
    let test = host().await;
    let mut config = node_function("queued");
    config.reserved_concurrency = Some(1);
    test.deploy(config).await;
    let gate = test.scratch_dir("gate");
    let hold = json!({"action": "hold", "dir": gate}).to_string();
    let holding = test.host.invoke(
        "queued",
        Bytes::from(hold.clone()),
        InvokeOptions::default(),
    );
    let queued = test
        .host
        .invoke("queued", Bytes::from(hold), InvokeOptions::default());
    let arrived = || std::fs::read_dir(&gate).unwrap().count();
    let (first, ()) = tokio::join!(holding, async {
        eventually("the first invocation holds the only environment", || {
            arrived() == 1
        })
        .await;
        // The caller of the queued invocation gives up before it even starts.
        assert!(
            tokio::time::timeout(Duration::from_millis(100), queued)
                .await
                .is_err()
        );
        std::fs::write(gate.join("release"), "").unwrap();
    });
    assert!(first.unwrap().is_success());
    eventually("the abandoned invocation ran after all", || arrived() == 3).await;
}

#[tokio::test]
async fn an_invocation_queued_when_its_function_is_redeployed_runs_on_the_new_code() {
    let test = host().await;
    let code = |version: &str| {
        let mut config = crate::support::function(
            "reloaded",
            "nodejs20.x",
            "index.handler",
            lambda_host::CodeSource::Inline(format!(
                "const fs = require('fs');
                 exports.handler = async (e) => {{
                   fs.writeFileSync(e.dir + '/' + Math.random(), '');
                   while (!fs.existsSync(e.dir + '/release')) await new Promise(r => setTimeout(r, 10));
                   return '{version}';
                 }};"
            )),
        );
        config.reserved_concurrency = Some(1);
        config
    };
    test.deploy(code("v1")).await;
    let gate = test.scratch_dir("gate");
    let event = Bytes::from(json!({"dir": gate}).to_string());
    let running = test
        .host
        .invoke("reloaded", event.clone(), InvokeOptions::default());
    let queued = test
        .host
        .invoke("reloaded", event, InvokeOptions::default());
    let (running, queued, ()) = tokio::join!(running, queued, async {
        eventually("the first invocation holds the only environment", || {
            std::fs::read_dir(&gate).unwrap().count() == 1
        })
        .await;
        test.deploy(code("v2")).await;
        std::fs::write(gate.join("release"), "").unwrap();
    });
    assert_eq!(
        json(&running.unwrap()),
        "v1",
        "running: finished on the old code"
    );
    assert_eq!(
        json(&queued.unwrap()),
        "v2",
        "queued: ran on the new deployment"
    );
}

#[tokio::test]
async fn reserved_concurrency_of_zero_throttles() {
    let test = host().await;
    let mut config = node_function("throttled");
    config.reserved_concurrency = Some(0);
    test.deploy(config).await;
    let outcome = test.invoke("throttled", json!({})).await;
    assert!(
        matches!(outcome.result, InvokeResult::Throttled { .. }),
        "{outcome:?}"
    );
    assert_eq!(test.host.running_processes(), 0);
}

#[tokio::test]
async fn shutdown_stops_every_process() {
    let test = host().await;
    test.deploy(node_function("shutdown-node")).await;
    test.deploy(python_function("shutdown-py")).await;
    let node = json(&test.invoke("shutdown-node", json!({})).await)["pid"]
        .as_u64()
        .unwrap() as u32;
    let python = json(&test.invoke("shutdown-py", json!({})).await)["pid"]
        .as_u64()
        .unwrap() as u32;
    assert_eq!(test.host.running_processes(), 2);
    test.host.shutdown().await;
    assert_eq!(test.host.running_processes(), 0);
    assert!(!process_exists(node) && !process_exists(python));
    assert!(matches!(
        test.host
            .invoke("shutdown-node", Bytes::new(), InvokeOptions::default())
            .await,
        Err(lambda_host::Error::ShutDown)
    ));
}

#[tokio::test]
async fn dropping_the_host_kills_its_processes() {
    let test = host().await;
    test.deploy(node_function("dropped")).await;
    let pid = json(&test.invoke("dropped", json!({})).await)["pid"]
        .as_u64()
        .unwrap() as u32;
    drop(test);
    eventually("the process of a dropped host is gone", || {
        !process_exists(pid)
    })
    .await;
}

#[tokio::test]
async fn environment_variables_reach_the_function() {
    let test = host_with(|config| config.region = "eu-central-1".into()).await;
    let mut config = node_function("env-vars");
    config.environment.insert("GREETING".into(), "hej".into());
    config
        .environment
        .insert("TZ".into(), "Europe/Stockholm".into());
    test.deploy(config).await;
    let env = json(&test.invoke("env-vars", json!({})).await)["env"].clone();
    assert_eq!(env["GREETING"], "hej");
    assert_eq!(env["TZ"], "Europe/Stockholm");
    assert_eq!(env["_HANDLER"], "index.handler");
    assert_eq!(env["AWS_LAMBDA_FUNCTION_NAME"], "env-vars");
    assert_eq!(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "128");
    assert_eq!(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST");
    assert_eq!(env["AWS_REGION"], "eu-central-1");
    assert_eq!(env["AWS_EXECUTION_ENV"], "AWS_Lambda_nodejs20.x");
    assert_eq!(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/env-vars");
    assert!(
        env["AWS_LAMBDA_LOG_STREAM_NAME"]
            .as_str()
            .unwrap()
            .contains("/[$LATEST]")
    );
    assert!(
        env["_X_AMZN_TRACE_ID"]
            .as_str()
            .unwrap()
            .starts_with("Root=1-")
    );
    assert!(
        env["LAMBDA_TASK_ROOT"]
            .as_str()
            .unwrap()
            .ends_with("tests/fixtures/node/cjs")
    );
    let api = env["AWS_LAMBDA_RUNTIME_API"].as_str().unwrap();
    let port: u16 = api.strip_prefix("127.0.0.1:").unwrap().parse().unwrap();
    assert_ne!(port, 0);
}

#[tokio::test]
async fn redeploying_replaces_the_code_and_the_environments() {
    let test = host().await;
    let inline = |text: &str| {
        crate::support::function(
            "redeployed",
            "nodejs20.x",
            "index.handler",
            lambda_host::CodeSource::Inline(format!("exports.handler = async () => '{text}';")),
        )
    };
    test.deploy(inline("v1")).await;
    assert_eq!(json(&test.invoke("redeployed", json!({})).await), "v1");
    test.deploy(inline("v2")).await;
    assert_eq!(json(&test.invoke("redeployed", json!({})).await), "v2");
    assert!(test.host.remove("redeployed"));
    assert!(!test.host.remove("redeployed"));
    eventually("removed function's processes are gone", || {
        test.host.running_processes() == 0
    })
    .await;
}

#[tokio::test]
async fn initialisation_beyond_the_init_limit_is_stopped_as_sandbox_timedout() {
    let test = host_with(|config| config.init_timeout = Duration::from_millis(300)).await;
    test.deploy(crate::support::function(
        "slow-init",
        "python3.11",
        "slow_init.handler",
        lambda_host::CodeSource::Directory(crate::support::fixture("python")),
    ))
    .await;
    let outcome = test.invoke("slow-init", json!({})).await;
    let InvokeResult::InitError { error_type, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(error_type, "Sandbox.Timedout");
    assert!(
        json(&outcome)["errorMessage"]
            .as_str()
            .unwrap()
            .ends_with("Task timed out after 0.30 seconds")
    );
    assert!(
        test.messages()
            .iter()
            .any(|line| line.starts_with("INIT_REPORT Init Duration: ")
                && line.ends_with("\tStatus: timeout")),
        "{:#?}",
        test.messages()
    );
    eventually("the stopped environment's process is gone", || {
        test.host.running_processes() == 0
    })
    .await;
}
