//! The per-request cost of stage throttling (§7.2): one token taken from a stage × route
//! bucket, uncontended and with every core taking tokens from the same bucket; and the
//! rendering of an access-log line in AWS's CLF example format (§7.3).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use apigw::stage::{AccessLogFormat, ContextValues, ContextVariable, Throttle, ThrottleLimits};
use criterion::{Criterion, criterion_group, criterion_main};

fn limits() -> ThrottleLimits {
    // A bucket that never runs dry during the measurement: the cost of admitting.
    ThrottleLimits {
        rate_limit: 1e12,
        burst_limit: u32::MAX,
    }
}

fn throttle(c: &mut Criterion) {
    let bucket = Throttle::new(limits(), Instant::now());
    c.bench_function("throttle/try_acquire", |b| {
        b.iter(|| black_box(bucket.try_acquire(Instant::now())));
    });

    let shared = Arc::new(Throttle::new(limits(), Instant::now()));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    c.bench_function("throttle/try_acquire_contended", |b| {
        b.iter_custom(|iterations| {
            let per_thread = iterations.div_ceil(threads as u64);
            let started = Instant::now();
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let shared = Arc::clone(&shared);
                    scope.spawn(move || {
                        for _ in 0..per_thread {
                            black_box(shared.try_acquire(Instant::now()));
                        }
                    });
                }
            });
            // `iterations` requests in all, spread over the threads: the wall time per
            // request admitted while every core contends for the bucket.
            started.elapsed()
        });
    });
}

/// The values of a served request.
struct Served;

impl ContextValues for Served {
    fn value(&self, variable: &ContextVariable) -> Option<std::borrow::Cow<'_, str>> {
        Some(match variable {
            ContextVariable::IdentitySourceIp => "203.0.113.7".into(),
            ContextVariable::RequestTime => "10/Jul/2026:19:19:05 +0000".into(),
            ContextVariable::HttpMethod => "GET".into(),
            ContextVariable::RouteKey => "GET /pets/{id}".into(),
            ContextVariable::Protocol => "HTTP/1.1".into(),
            ContextVariable::Status => "200".into(),
            ContextVariable::ResponseLength => "42".into(),
            ContextVariable::RequestId => "AbCdEfGhIjKlMnO=".into(),
            _ => return None,
        })
    }
}

fn access_log(c: &mut Criterion) {
    let format = AccessLogFormat::parse(
        r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId $context.integrationErrorMessage"#,
    );
    c.bench_function("access_log/render_clf", |b| {
        b.iter(|| black_box(format.render(&Served)));
    });
}

criterion_group!(benches, throttle, access_log);
criterion_main!(benches);
