//! Cold start and warm invoke of a trivial Node.js handler (`async (event) => event`)
//! through the whole host: Runtime API over loopback HTTP, gantry's Node.js bootstrap,
//! log capture with START/END/REPORT lines.
//!
//! Run with `cargo bench -p lambda-host --bench invoke`; criterion writes the median to
//! `target/criterion/<group>/<name>/new/estimates.json`.
#![allow(
    clippy::expect_used,
    reason = "a benchmark that cannot set up stops with a message"
)]

use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use lambda_host::{CodeSource, FunctionConfig, HostConfig, InvokeOptions, LambdaHost};

const HANDLER_SOURCE: &str = "exports.handler = async (event) => event;\n";

#[allow(clippy::disallowed_methods)] // the benchmark stands in for the CLI, which reads PATH
fn search_path() -> std::ffi::OsString {
    std::env::var_os("PATH").unwrap_or_default()
}

fn trivial_node_function(name: &str, code: &std::path::Path) -> FunctionConfig {
    FunctionConfig::new(
        name,
        "nodejs20.x".parse().expect("a supported runtime"),
        Some("index.handler".to_owned()),
        CodeSource::Directory(code.to_owned()),
    )
}

fn invoke(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let work = tempfile::tempdir().expect("a temporary directory");
    let code = work.path().join("code");
    std::fs::create_dir(&code).expect("the code directory");
    std::fs::write(code.join("index.js"), HANDLER_SOURCE).expect("the handler file");
    let host = runtime
        .block_on(LambdaHost::start(HostConfig::new(
            work.path().join("work"),
            search_path(),
        )))
        .expect("the host starts");
    let payload = Bytes::from_static(br#"{"path":"/orders/17","method":"GET"}"#);

    runtime
        .block_on(host.deploy(trivial_node_function("warm", &code)))
        .expect("deploy");
    let first = runtime
        .block_on(host.invoke("warm", payload.clone(), InvokeOptions::default()))
        .expect("invoke");
    assert!(first.is_success(), "{}", first.explain());

    let mut warm = c.benchmark_group("warm invoke");
    warm.measurement_time(Duration::from_secs(5));
    warm.bench_function("trivial Node.js handler", |b| {
        b.iter(|| {
            runtime
                .block_on(host.invoke("warm", payload.clone(), InvokeOptions::default()))
                .expect("invoke")
        });
    });
    warm.finish();

    let mut cold = c.benchmark_group("cold start");
    cold.sample_size(30)
        .measurement_time(Duration::from_secs(10));
    let mut deployed = 0u64;
    cold.bench_function("deploy + first invoke, trivial Node.js handler", |b| {
        b.iter(|| {
            deployed += 1;
            let name = format!("cold-{deployed}");
            runtime.block_on(async {
                host.deploy(trivial_node_function(&name, &code))
                    .await
                    .expect("deploy");
                let outcome = host
                    .invoke(&name, payload.clone(), InvokeOptions::default())
                    .await;
                host.remove(&name);
                outcome.expect("invoke")
            })
        });
    });
    cold.finish();

    runtime.block_on(host.shutdown());
}

criterion_group!(benches, invoke);
criterion_main!(benches);
