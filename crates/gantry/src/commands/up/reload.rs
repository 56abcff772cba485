//! Hot reload: while `up` serves, a change to what it deployed is deployed too.
//!
//! One loop, so reloads never overlap: wait for a burst of changes (debounced by
//! `watch`) → classify it (`watched`) → a template-side change re-reads the plan and
//! deploys it as an update with the start's own steps (`pipeline`); a code-only change
//! starts the affected functions again on their new code → print one line → watch what
//! the served stacks now depend on. A change during a reload is the next burst: exactly
//! one more reload. A failed reload leaves the last good stack served; gantry never
//! exits because of one.

mod summary;
mod watched;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::pipeline::{self, DeployContext, Served};
use super::report;
use crate::args::UpArgs;
use crate::commands::invoke::read_env_vars;
use crate::console;
use crate::watch::Watch;
pub(super) use watched::Watched;

/// What a reload uses of the running `up`.
pub(super) struct Reloader<'a> {
    pub(super) args: &'a UpArgs,
    pub(super) context: &'a DeployContext<'a>,
}

/// Watches and reloads until the process ends; returns only if watching cannot start
/// (a warning says why) or the watcher stops.
pub(super) async fn watch_and_reload(
    reloader: Reloader<'_>,
    mut served: Served,
    mut watched: Watched,
) {
    let (mut watch, mut changes) = match Watch::start(&reloader.args.state_dir) {
        Ok(started) => started,
        Err(error) => {
            console::warning(&format!("{error:#}"));
            return;
        }
    };
    watch.sync(&watched.targets(), &BTreeSet::new());
    let (files, code) = watched.counts();
    console::line(&format!(
        "gantry: watching {files} template file(s) and {code} code folder(s) or archive(s); a change is deployed while serving (--no-watch turns this off)"
    ));
    while let Some(paths) = changes.next_burst(&watch).await {
        let change = watched.classify(&paths);
        let mut code_served = change.code.is_empty();
        if !change.templates.is_empty() {
            let refresh = change.code.keys().cloned().collect();
            if let Some(reloaded) = reloader
                .redeploy(&change.templates, &served, &refresh)
                .await
            {
                (served, watched) = reloaded;
                code_served = true;
            }
        }
        if !code_served {
            // Code changed, and the template did not (or did not deploy): the functions
            // served go on, on their new code.
            reloader.restart_functions(&change.code, &served).await;
        }
        watch.sync(&watched.targets(), &paths);
    }
}

impl Reloader<'_> {
    /// A template-side change: the plan read again, deployed as an update and served.
    /// `None` (diagnostics printed) leaves `served` as it is.
    async fn redeploy(
        &self,
        changed: &BTreeSet<PathBuf>,
        served: &Served,
        refresh: &BTreeSet<String>,
    ) -> Option<(Served, Watched)> {
        console::line(&format!(
            "gantry: {} changed: deploying an update",
            summary::files(changed)
        ));
        let still_served = || {
            console::line(
                "gantry: the reload failed; the last good stack is still served (fix it and save again)",
            );
        };
        let stacks = match super::read_plan(self.args) {
            Ok(stacks) => stacks,
            Err(error) => {
                // A `Reported` failure printed its diagnostics already.
                if error.downcast_ref::<crate::Reported>().is_none() {
                    console::error(&format!("{error:#}"));
                }
                still_served();
                return None;
            }
        };
        let env_vars = match read_env_vars(self.args.env_vars.as_deref()) {
            Ok(env_vars) => env_vars,
            Err(error) => {
                console::error(&format!("{error:#}"));
                still_served();
                return None;
            }
        };
        let before = summary::routes(&self.context.app.gateway.deployment());
        let deployed =
            pipeline::deploy_and_serve(&stacks, env_vars.as_ref(), served, refresh, self.context)
                .await;
        let new = match deployed {
            Ok(new) => new,
            Err(failed) => {
                if let Some(stack) = stacks.get(failed.stack) {
                    report::deploy_failure(&failed.failure, &stack.settings);
                }
                still_served();
                return None;
            }
        };
        let after = summary::routes(&self.context.app.gateway.deployment());
        let names: Vec<&str> = new.records.iter().map(|r| r.name.as_str()).collect();
        console::line(&summary::stacks_reloaded(
            &names,
            changed,
            (&before, &after),
            (&served.functions, &new.functions),
        ));
        let watched = Watched::of(self.args, &stacks, &new.functions);
        Some((new, watched))
    }

    /// A code-only change: each affected function deployed again with the same
    /// configuration. The host gives the next invocation a new environment on the new
    /// code; environments running an invocation finish it on the old code and are
    /// retired.
    async fn restart_functions(
        &self,
        changed: &BTreeMap<String, BTreeSet<PathBuf>>,
        served: &Served,
    ) {
        let mut restarted = Vec::new();
        for name in changed.keys() {
            let Some(config) = served.functions.get(name) else {
                continue;
            };
            match self.context.host.deploy(config.clone()).await {
                Ok(warnings) => {
                    for warning in warnings {
                        console::warning(&warning.to_string());
                    }
                    restarted.push(name);
                }
                Err(error) => console::error(&format!(
                    "function {name} was not reloaded: {error}; it keeps running the code it had. Fix its code and save again"
                )),
            }
        }
        if !restarted.is_empty() {
            let files = changed.values().flatten().cloned().collect();
            console::line(&summary::functions_reloaded(&restarted, &files));
        }
    }
}
