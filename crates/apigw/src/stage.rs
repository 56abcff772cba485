//! Stage selection: which stage serves a request, and the path left for routing
//! (§1.2, §7.1).
//!
//! The first path segment selects a named stage when it names one; otherwise the
//! `$default` stage, served at the root, takes the request; with neither the answer is
//! 404. This module only chooses; stage settings are the caller's `T`. Its parts are
//! what a stage configures: stage variables ([`resolve_stage_variables`]), throttling
//! ([`Throttle`]) and the access-log format ([`AccessLogFormat`], [`StageAccessLog`]).

mod log_format;
mod throttle;
mod variables;

use std::collections::HashMap;

pub use log_format::{AccessLogFormat, ContextValues, ContextVariable, NO_VALUE};
pub use throttle::{ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, Throttle, ThrottleLimits};
pub use variables::{MissingVariable, has_stage_variables, resolve_stage_variables};

/// The name of the stage served at the URL root.
pub const DEFAULT_STAGE_NAME: &str = "$default";

/// A stage's `AccessLogSettings`, compiled: where its lines go and their format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageAccessLog {
    /// `DestinationArn`.
    pub destination_arn: String,
    /// The log group `DestinationArn` names.
    pub log_group_name: String,
    /// `Format`, parsed.
    pub format: AccessLogFormat,
    /// The API (`$context.apiId`).
    pub api_id: String,
    /// Its account (`$context.accountId`).
    pub account_id: String,
    /// The stage (`$context.stage`).
    pub stage_name: String,
}

/// The stages of one API, each carrying the caller's `T`.
#[derive(Debug, Clone)]
pub struct StageTable<T> {
    named: HashMap<String, T>,
    default: Option<T>,
}

/// The stage chosen for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectedStage<'s, 'p, T> {
    /// The stage name (`requestContext.stage`).
    pub name: &'s str,
    /// What the caller attached to the stage.
    pub stage: &'s T,
    /// The path with the stage segment removed, for route selection; `/` at least.
    pub route_path: &'p str,
}

impl<T> StageTable<T> {
    /// Builds the table from `(stage name, T)` pairs; the name `$default` is the root stage.
    pub fn new(stages: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut named = HashMap::new();
        let mut default = None;
        for (name, stage) in stages {
            if name == DEFAULT_STAGE_NAME {
                default = Some(stage);
            } else {
                named.insert(name, stage);
            }
        }
        Self { named, default }
    }

    /// The stages, `$default` first, then the named ones by name.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        let mut named: Vec<(&String, &T)> = self.named.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        self.default
            .iter()
            .chain(named.into_iter().map(|(_, stage)| stage))
    }

    /// The stage named `name` (`$default` included), as an API mapping names it.
    pub fn get(&self, name: &str) -> Option<(&str, &T)> {
        if name == DEFAULT_STAGE_NAME {
            return self
                .default
                .as_ref()
                .map(|stage| (DEFAULT_STAGE_NAME, stage));
        }
        self.named
            .get_key_value(name)
            .map(|(name, stage)| (name.as_str(), stage))
    }

    /// Selects the stage for a decoded request path; `None` means 404 Not Found.
    // Unconfirmed: stage names are matched case-sensitively, and `/$default/...` does not
    // select the `$default` stage by name.
    pub fn select<'s, 'p>(&'s self, path: &'p str) -> Option<SelectedStage<'s, 'p, T>> {
        let after_slash = path.strip_prefix('/').unwrap_or(path);
        let (first, rest) = match after_slash.find('/') {
            Some(at) => (&after_slash[..at], &after_slash[at..]),
            None => (after_slash, "/"),
        };
        if let Some((name, stage)) = self.named.get_key_value(first) {
            return Some(SelectedStage {
                name,
                stage,
                route_path: rest,
            });
        }
        self.default.as_ref().map(|stage| SelectedStage {
            name: DEFAULT_STAGE_NAME,
            stage,
            route_path: if path.is_empty() { "/" } else { path },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages(names: &[&str]) -> StageTable<()> {
        StageTable::new(names.iter().map(|n| ((*n).to_owned(), ())))
    }

    #[test]
    fn stage_named_by_first_segment_wins_over_default() {
        let table = stages(&["$default", "pets"]);
        let selected = table.select("/pets/dog").unwrap();
        assert_eq!((selected.name, selected.route_path), ("pets", "/dog"));
    }

    #[test]
    fn stage_default_serves_paths_that_name_no_stage() {
        let table = stages(&["$default", "prod"]);
        let selected = table.select("/pets/dog").unwrap();
        assert_eq!(
            (selected.name, selected.route_path),
            ("$default", "/pets/dog")
        );
    }

    #[test]
    fn stage_missing_without_default_is_none() {
        let table = stages(&["prod"]);
        assert!(table.select("/dev/pets").is_none());
        assert!(table.select("/").is_none());
    }

    #[test]
    fn stage_root_request_routes_as_slash() {
        let table = stages(&["prod"]);
        assert_eq!(table.select("/prod").unwrap().route_path, "/");
        assert_eq!(table.select("/prod/").unwrap().route_path, "/");
    }

    #[test]
    fn stage_segment_must_match_exactly() {
        let table = stages(&["prod"]);
        assert!(table.select("/production/x").is_none());
        assert!(table.select("/Prod/x").is_none());
    }
}
