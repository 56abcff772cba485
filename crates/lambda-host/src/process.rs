//! Runtime processes: what one is started with ([`Launch`], [`variables`]), and each one
//! in its own process group, killed as a group, tracked so that no process outlives the
//! host.
//!
//! Every group is registered in a [`ProcessRegistry`] and killed (`SIGKILL`) when its
//! [`RuntimeProcess`] is dropped, when the host shuts down, and when the host is dropped,
//! including while a panic unwinds. Runtimes also exit on their own when the Runtime API
//! goes away (gantry's bootstraps and AWS's clients treat a failed `/next` as fatal), which
//! covers gantry being killed outright.
//!
//! It sits below everything that uses it: `deploy` fixes a function's launch command and
//! variables, `environment` spawns processes, and `host` (through `shared`) owns the
//! registry and empties it on shutdown.

pub(crate) mod variables;

use std::collections::HashMap;
use std::ffi::OsString;
use std::os::fd::OwnedFd;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::sync::watch;

/// What to execute for an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Launch {
    pub(crate) program: PathBuf,
    pub(crate) args: Vec<OsString>,
}

/// Every live process group of a host.
#[derive(Debug, Default)]
pub(crate) struct ProcessRegistry {
    next_id: AtomicU64,
    groups: Mutex<HashMap<u64, Registered>>,
}

#[derive(Debug)]
struct Registered {
    group: Pid,
    exit: watch::Receiver<Option<ExitStatus>>,
}

impl ProcessRegistry {
    fn register(&self, group: Pid, exit: watch::Receiver<Option<ExitStatus>>) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, Registered { group, exit });
        id
    }

    fn deregister(&self, id: u64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Registered>> {
        self.groups.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends `SIGKILL` to every registered group.
    pub(crate) fn kill_all(&self) {
        for registered in self.lock().values() {
            kill_group(registered.group);
        }
    }

    /// Watches for the exit of every group registered now.
    pub(crate) fn exits(&self) -> Vec<watch::Receiver<Option<ExitStatus>>> {
        self.lock().values().map(|r| r.exit.clone()).collect()
    }

    /// Waits (at most `patience`) until the watched processes have exited.
    pub(crate) async fn wait_for(
        exits: Vec<watch::Receiver<Option<ExitStatus>>>,
        patience: Duration,
    ) {
        let all_exited = async {
            for mut exit in exits {
                let _ = exit.wait_for(Option::is_some).await;
            }
        };
        let _ = tokio::time::timeout(patience, all_exited).await;
    }

    /// How many groups are registered.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

fn kill_group(group: Pid) {
    // ESRCH (already gone) is fine; nothing else can usefully be done about a failure.
    let _ = killpg(group, Signal::SIGKILL);
}

/// A running runtime process, leader of its own process group.
pub(crate) struct RuntimeProcess {
    pid: u32,
    group: Pid,
    registry: Arc<ProcessRegistry>,
    registration: u64,
    exit: watch::Receiver<Option<ExitStatus>>,
}

impl RuntimeProcess {
    /// Starts `launch` in `task_root` with exactly `variables` as its environment and
    /// `output` as its stdout and stderr.
    pub(crate) fn spawn(
        launch: &Launch,
        variables: &[(String, String)],
        task_root: &Path,
        output: OwnedFd,
        registry: &Arc<ProcessRegistry>,
    ) -> std::io::Result<Self> {
        let stderr = output.try_clone()?;
        let mut command = tokio::process::Command::new(&launch.program);
        command
            .args(&launch.args)
            .env_clear()
            .envs(variables.iter().map(|(name, value)| (name, value)))
            .current_dir(task_root)
            .stdin(Stdio::null())
            .stdout(Stdio::from(output))
            .stderr(Stdio::from(stderr))
            .process_group(0)
            .kill_on_drop(true);
        let mut child = command.spawn()?;
        // The write ends held by `command` must close now, or the reader never sees EOF.
        drop(command);
        let pid = child
            .id()
            .ok_or_else(|| std::io::Error::other("the runtime process exited at once"))?;
        let group = Pid::from_raw(i32::try_from(pid).map_err(std::io::Error::other)?);
        let (exit_tx, exit_rx) = watch::channel(None);
        tokio::spawn(async move {
            // A failing wait(2) leaves nothing to wait for; report it as a failure.
            let status = child.wait().await.unwrap_or(ExitStatus::from_raw(255 << 8));
            let _ = exit_tx.send(Some(status));
        });
        let registration = registry.register(group, exit_rx.clone());
        Ok(RuntimeProcess {
            pid,
            group,
            registry: Arc::clone(registry),
            registration,
            exit: exit_rx,
        })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// Resolves when the process has exited, with its status.
    pub(crate) async fn exited(&self) -> ExitStatus {
        let mut exit = self.exit.clone();
        match exit.wait_for(Option::is_some).await {
            Ok(status) => status.unwrap_or(ExitStatus::from_raw(255 << 8)),
            Err(_) => ExitStatus::from_raw(255 << 8),
        }
    }

    /// Whether the process has already exited.
    pub(crate) fn has_exited(&self) -> bool {
        self.exit.borrow().is_some()
    }

    /// Kills the whole process group now.
    pub(crate) fn kill(&self) {
        kill_group(self.group);
    }
}

impl Drop for RuntimeProcess {
    fn drop(&mut self) {
        kill_group(self.group);
        self.registry.deregister(self.registration);
    }
}
