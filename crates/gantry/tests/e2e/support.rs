//! Running the real `gantry` binary: start `gantry up` on 127.0.0.1:0, read its output,
//! send requests, stop it with SIGTERM. Every process started here is stopped on drop.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const GANTRY: &str = env!("CARGO_BIN_EXE_gantry");
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

/// A running `gantry up`.
pub struct Gantry {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The port it listens on.
    pub port: u16,
    output: Arc<Mutex<String>>,
}

/// How to start `gantry up`.
pub struct Up<'a> {
    pub template: &'a Path,
    pub state_dir: &'a Path,
    pub parameters: Vec<String>,
    pub port: u16,
    pub extra: Vec<&'a str>,
    /// The working directory, for a relative `state_dir`; the test's own by default.
    pub current_dir: Option<&'a Path>,
}

impl<'a> Up<'a> {
    pub fn new(template: &'a Path, state_dir: &'a Path) -> Self {
        Self {
            template,
            state_dir,
            parameters: Vec::new(),
            port: 0,
            extra: Vec::new(),
            current_dir: None,
        }
    }

    /// Runs gantry in `dir`, as a user does from their project directory.
    pub fn in_dir(mut self, dir: &'a Path) -> Self {
        self.current_dir = Some(dir);
        self
    }

    pub fn parameter(mut self, key: &str, value: &str) -> Self {
        self.parameters.push(format!("{key}={value}"));
        self
    }

    pub fn extra(mut self, args: &[&'a str]) -> Self {
        self.extra.extend_from_slice(args);
        self
    }

    /// Starts gantry and waits until it serves; `Err` carries its output if it exited.
    pub fn start(self) -> Result<Gantry, (ExitStatus, String)> {
        let mut command = Command::new(GANTRY);
        command.arg("up");
        // An empty template path leaves the argument out: gantry looks for one.
        if !self.template.as_os_str().is_empty() {
            command.arg(self.template);
        }
        command
            .arg("--state-dir")
            .arg(self.state_dir)
            .arg("--port")
            .arg(self.port.to_string())
            .args(&self.extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.parameters.is_empty() {
            command.arg("--parameter-overrides").args(&self.parameters);
        }
        if let Some(dir) = self.current_dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().expect("gantry starts");
        let output = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut output = output.lock().expect("output lock");
                    output.push_str(&line);
                    output.push('\n');
                }
            });
        }
        let started = Instant::now();
        loop {
            let port = serving_port(&output.lock().expect("output lock"));
            if let Some(port) = port {
                return Ok(Gantry {
                    child: Some(child),
                    base: format!("http://127.0.0.1:{port}"),
                    port,
                    output,
                });
            }
            if let Ok(Some(status)) = child.try_wait() {
                // Let the reader threads drain the pipes.
                std::thread::sleep(Duration::from_millis(200));
                return Err((status, output.lock().expect("output lock").clone()));
            }
            assert!(
                started.elapsed() < STARTUP_LIMIT,
                "gantry did not start:\n{}",
                output.lock().expect("output lock")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn serving_port(output: &str) -> Option<u16> {
    let rest = output.split("Serving on http://").nth(1)?;
    let address = rest.split_whitespace().next()?;
    address.rsplit(':').next()?.parse().ok()
}

impl Gantry {
    /// Everything gantry printed so far.
    pub fn output(&self) -> String {
        self.output.lock().expect("output lock").clone()
    }

    /// Waits until the output contains `needle` (logs are written just after responses).
    pub fn wait_for_output(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let output = self.output();
            if output.contains(needle) {
                return output;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no {needle:?} in output:\n{output}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id of gantry.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// The id of the only API, from the "API name (id) at ..." line.
    pub fn api_id(&self) -> String {
        let output = self.output();
        let line = output
            .lines()
            .find(|l| l.starts_with("API "))
            .expect("an API line");
        line.split('(')
            .nth(1)
            .and_then(|s| s.split(')').next())
            .expect("an API id")
            .to_owned()
    }

    /// Sends SIGTERM and waits for gantry to exit.
    pub fn stop(mut self) -> (ExitStatus, String) {
        let status = self.terminate();
        std::thread::sleep(Duration::from_millis(100));
        (status, self.output())
    }

    fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        let _ = kill(
            Pid::from_raw(i32::try_from(child.id()).expect("pid")),
            Signal::SIGTERM,
        );
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return status;
            }
            if started.elapsed() > Duration::from_secs(40) {
                let _ = child.kill();
                return child.wait().expect("gantry exits after SIGKILL");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Gantry {
    fn drop(&mut self) {
        if self.child.is_some() {
            self.terminate();
        }
    }
}

/// Runs `gantry` with arguments to completion: (exit code, stdout, stderr).
pub fn gantry(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(GANTRY)
        .args(args)
        .output()
        .expect("gantry runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Path of a fixture file.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/fixtures")
        .join(name)
}

/// Processes whose command line mentions `needle` (to prove none are left behind).
pub fn processes_mentioning(needle: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let needle = needle.to_string_lossy().into_owned();
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|raw| String::from_utf8_lossy(&raw).replace('\0', " "))
        .filter(|cmdline| cmdline.contains(&needle))
        .collect()
}

/// A blocking HTTP client with no proxy and no redirects.
pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(40))
        .build()
        .expect("HTTP client")
}

/// The access-log record of one request (its line and the `why:` lines after it).
pub fn log_record(gantry: &Gantry, request_id: &str) -> String {
    let needle = format!("id={request_id}");
    let output = gantry.wait_for_output(&needle);
    let mut lines = output.lines().skip_while(|line| !line.contains(&needle));
    let mut record = lines.next().unwrap_or_default().to_owned();
    for line in lines.take_while(|line| line.starts_with("    why: ")) {
        record.push('\n');
        record.push_str(line);
    }
    record
}

/// The `apigw-requestid` of a response (present on every response).
pub fn request_id(response: &reqwest::blocking::Response) -> String {
    response
        .headers()
        .get("apigw-requestid")
        .expect("every response has apigw-requestid")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

/// Runs `npm ci` in `dir` unless `dir/<installed>` exists (what the lock file installs).
/// Tests run in parallel threads: one installs, the others wait for it. `hint` says what
/// to do when npm cannot run or fails.
pub fn npm_ci_unless_installed(dir: &Path, installed: &str, hint: &str) {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if dir.join(installed).exists() {
        return;
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("npm does not run ({e}): {hint}"));
    assert!(
        output.status.success(),
        "npm ci failed ({}): {hint}\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
