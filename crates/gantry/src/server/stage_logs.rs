//! Stages' access logs on disk: one file per log group under the state directory,
//! `<state-dir>/logs/<log group name>.log` with each `/` of the name written as `_`
//! (`/aws/apigw/orders` → `logs/_aws_apigw_orders.log`), one line per request in the
//! stage's `Format`, appended as requests finish.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use apigw::gateway::AccessLogSink;
use apigw::stage::StageAccessLog;

use crate::console;

/// The directory below the state directory that holds the log files.
pub(crate) const LOGS_DIR: &str = "logs";

/// Appends stages' lines to their log group's file.
#[derive(Debug)]
pub(crate) struct StageLogFiles {
    dir: PathBuf,
    /// Open files by log group name; `None` once opening failed (reported once).
    files: Mutex<HashMap<String, Option<File>>>,
}

impl StageLogFiles {
    /// Files under `<state_dir>/logs/`, created when a stage first logs.
    pub(crate) fn new(state_dir: &Path) -> Self {
        Self {
            dir: state_dir.join(LOGS_DIR),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// Where a log group's lines go.
    pub(crate) fn path_of(&self, log_group_name: &str) -> PathBuf {
        self.dir.join(file_name(log_group_name))
    }

    fn open(&self, log_group_name: &str) -> Option<File> {
        let path = self.path_of(log_group_name);
        let opened = std::fs::create_dir_all(&self.dir)
            .and_then(|()| OpenOptions::new().create(true).append(true).open(&path));
        match opened {
            Ok(file) => Some(file),
            Err(error) => {
                console::warning(&format!(
                    "cannot write the access log of log group {log_group_name} to {}: {error}; its lines are dropped",
                    path.display()
                ));
                None
            }
        }
    }
}

/// `<name>.log`, with `/` as `_` so that every group is one file directly in the
/// directory (and `..` cannot leave it).
pub(crate) fn file_name(log_group_name: &str) -> String {
    format!("{}.log", log_group_name.replace(['/', '\\'], "_"))
}

impl AccessLogSink for StageLogFiles {
    fn write(&self, destination: &StageAccessLog, line: &str) {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let file = files
            .entry(destination.log_group_name.clone())
            .or_insert_with(|| self.open(&destination.log_group_name));
        if let Some(open) = file {
            let mut record = String::with_capacity(line.len() + 1);
            record.push_str(line);
            record.push('\n');
            if let Err(error) = open.write_all(record.as_bytes()) {
                console::warning(&format!(
                    "writing the access log of log group {} failed: {error}",
                    destination.log_group_name
                ));
                *file = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use apigw::stage::AccessLogFormat;

    use super::*;

    fn destination(name: &str) -> StageAccessLog {
        StageAccessLog {
            destination_arn: format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}"),
            log_group_name: name.to_owned(),
            format: AccessLogFormat::parse("$context.requestId"),
            api_id: "a1b2c3d4e5".to_owned(),
            account_id: "123456789012".to_owned(),
            stage_name: "prod".to_owned(),
        }
    }

    #[test]
    fn lines_are_appended_to_one_file_per_log_group() {
        let state = tempfile::tempdir().unwrap();
        let files = StageLogFiles::new(state.path());
        files.write(&destination("/aws/apigw/orders"), "one");
        files.write(&destination("/aws/apigw/orders"), "two");
        files.write(&destination("other"), "three");
        let orders = state.path().join("logs/_aws_apigw_orders.log");
        assert_eq!(std::fs::read_to_string(orders).unwrap(), "one\ntwo\n");
        assert_eq!(
            std::fs::read_to_string(state.path().join("logs/other.log")).unwrap(),
            "three\n"
        );
    }

    #[test]
    fn names_cannot_leave_the_logs_directory() {
        assert_eq!(file_name("../../etc/x"), ".._.._etc_x.log");
    }
}
