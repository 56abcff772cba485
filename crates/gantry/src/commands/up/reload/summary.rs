//! The one line a reload prints when it is served: which files changed, and what is
//! served differently (routes added and removed, functions started and removed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use apigw::deployment::Deployment;
use lambda_host::FunctionConfig;

use crate::commands::up::report::stage_path_prefix;

/// Every route served, as `GET /pets (API name)`, each stage's path prefix included.
pub(super) fn routes(deployment: &Deployment) -> BTreeSet<String> {
    let mut routes = BTreeSet::new();
    for api in deployment.apis() {
        for stage in api.stages.iter() {
            let prefix = stage_path_prefix(&stage.name);
            for route in api.routes.iter() {
                let key = match (route.route_key.method(), route.route_key.path()) {
                    (Some(method), Some(path)) => format!("{} {prefix}{path}", method.as_str()),
                    _ => format!("$default {prefix}/"),
                };
                routes.insert(format!("{key} ({})", api.name));
            }
        }
    }
    for api in deployment.rest_apis() {
        for stage in api.stages.values() {
            for method in &stage.deployment.methods {
                routes.insert(format!(
                    "{} /{}{} ({})",
                    method.http_method, stage.name, method.resource_path, api.name
                ));
            }
        }
    }
    routes
}

/// `gantry: reloaded stack S (template.yaml changed): routes added: GET /new (Api);
/// functions started: F` — or `nothing served changed`.
pub(super) fn stacks_reloaded(
    stack_names: &[&str],
    changed: &BTreeSet<PathBuf>,
    routes: (&BTreeSet<String>, &BTreeSet<String>),
    functions: (
        &BTreeMap<String, FunctionConfig>,
        &BTreeMap<String, FunctionConfig>,
    ),
) -> String {
    let (before, after) = routes;
    let mut parts = Vec::new();
    let mut list = |what: &str, items: Vec<&String>| {
        if !items.is_empty() {
            let items: Vec<&str> = items.into_iter().map(String::as_str).collect();
            parts.push(format!("{what}: {}", items.join(", ")));
        }
    };
    list("routes added", after.difference(before).collect());
    list("routes removed", before.difference(after).collect());
    let (old, new) = functions;
    list(
        "functions started",
        (new.iter())
            .filter(|(name, config)| old.get(*name) != Some(config))
            .map(|(name, _)| name)
            .collect(),
    );
    list(
        "functions removed",
        old.keys().filter(|name| !new.contains_key(*name)).collect(),
    );
    let what = if parts.is_empty() {
        "nothing served changed".to_owned()
    } else {
        parts.join("; ")
    };
    format!(
        "gantry: reloaded stack {} ({} changed): {what}",
        stack_names.join(", "),
        files(changed)
    )
}

/// `gantry: reloaded function F (src/index.js changed)`.
pub(super) fn functions_reloaded(functions: &[&String], changed: &BTreeSet<PathBuf>) -> String {
    let names: Vec<&str> = functions.iter().map(|name| name.as_str()).collect();
    let noun = if names.len() == 1 {
        "function"
    } else {
        "functions"
    };
    format!(
        "gantry: reloaded {noun} {} ({} changed)",
        names.join(", "),
        files(changed)
    )
}

/// The files, relative to the current folder where they are inside it; a long list is
/// cut.
pub(super) fn files(paths: &BTreeSet<PathBuf>) -> String {
    const SHOWN: usize = 5;
    let here = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_default();
    let shown: Vec<String> = (paths.iter().take(SHOWN))
        .map(|path| relative(path, &here).display().to_string())
        .collect();
    let mut text = shown.join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

fn relative<'a>(path: &'a Path, here: &Path) -> &'a Path {
    match path.strip_prefix(here) {
        Ok(inside) if !here.as_os_str().is_empty() => inside,
        _ => path,
    }
}
