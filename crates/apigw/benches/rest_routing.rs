//! REST resource selection (aws-rest-api.md §1.3) on a 200-resource tree: a literal
//! path, a `{id}` capture, a greedy capture and a miss.

// The generated tree is known to be valid; a failure is a broken benchmark.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use apigw::rest::resource_tree::ResourceTree;
use criterion::{Criterion, criterion_group, criterion_main};

/// 20 collections × 10 resources each = 200 resources, plus the root and a greedy
/// catch-all under `/files`.
fn resources() -> Vec<(String, usize)> {
    let mut paths = vec![
        "/".to_owned(),
        "/files".to_owned(),
        "/files/{path+}".to_owned(),
    ];
    for c in 0..20 {
        let base = format!("/collection{c}");
        paths.push(base.clone());
        paths.push(format!("{base}/search"));
        paths.push(format!("{base}/recent"));
        paths.push(format!("{base}/{{id}}"));
        paths.push(format!("{base}/{{id}}/history"));
        paths.push(format!("{base}/{{id}}/owner"));
        paths.push(format!("{base}/{{id}}/items"));
        paths.push(format!("{base}/{{id}}/items/{{itemId}}"));
        paths.push(format!("{base}/{{id}}/items/{{itemId}}/tags"));
        paths.push(format!("{base}/{{id}}/items/{{itemId}}/tags/{{tag}}"));
    }
    paths.into_iter().enumerate().map(|(i, p)| (p, i)).collect()
}

fn rest_routing(c: &mut Criterion) {
    let tree = ResourceTree::build(resources()).expect("valid tree");
    let mut group = c.benchmark_group("rest_select");
    for (name, path) in [
        ("literal", "/collection17/recent"),
        ("variable", "/collection17/42/items/7/tags/red"),
        ("greedy", "/files/a/b/c/d.txt"),
        ("miss", "/collection17/42/unknown"),
    ] {
        group.bench_function(name, |b| b.iter(|| tree.select(black_box(path)).is_some()));
    }
    group.finish();
}

criterion_group!(benches, rest_routing);
criterion_main!(benches);
