//! What `gantry up` exposes and how it keeps serving: its output not being read never
//! stops the server (`console`), and a non-loopback `--host` is announced with what it
//! makes reachable.

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::support::fixture;

const GANTRY: &str = env!("CARGO_BIN_EXE_gantry");

/// `gantry up` whose stderr the test reads only when it chooses to.
struct Unread {
    child: Child,
    stderr: BufReader<ChildStderr>,
    /// What was read up to and including the `Serving on` line.
    banner: String,
    port: u16,
}

impl Unread {
    fn start(state_dir: &std::path::Path, extra: &[&str]) -> Self {
        let mut child = Command::new(GANTRY)
            .arg("up")
            .arg(fixture("exposure/template.yaml"))
            .arg("--state-dir")
            .arg(state_dir)
            .args(["--port", "0", "--no-watch"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gantry starts");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        // Built first, so that the process is stopped if gantry never serves.
        let mut gantry = Self {
            child,
            stderr,
            banner: String::new(),
            port: 0,
        };
        loop {
            let mut line = String::new();
            let read = gantry
                .stderr
                .read_line(&mut line)
                .expect("stderr is readable");
            assert!(read > 0, "gantry exited before serving:\n{}", gantry.banner);
            gantry.banner.push_str(&line);
            if let Some(rest) = line.split("Serving on http://").nth(1) {
                let address = rest.split_whitespace().next().expect("an address");
                let port = address.rsplit(':').next().expect("a port");
                gantry.port = port.parse().expect("a port number");
                return gantry;
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Unread {
    fn drop(&mut self) {
        let _ = kill(
            Pid::from_raw(i32::try_from(self.child.id()).expect("pid")),
            Signal::SIGKILL,
        );
        let _ = self.child.wait();
    }
}

/// A client that gives up after a generous while (a hung server fails the test rather
/// than hanging it).
fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client")
}

#[test]
fn serving_goes_on_while_nobody_reads_the_output_and_the_loss_is_told() {
    let state = tempfile::tempdir().unwrap();
    let mut gantry = Unread::start(state.path(), &["--access-log", "gantry"]);
    let client = client();
    // Each request's access-log line carries its 4 KiB path: 2,500 of them are about
    // 10 MB of output, more than the pipe (64 KiB) and gantry's queue (4 MiB) hold.
    let long = "a".repeat(4096);
    for n in 0..2500 {
        let response = client
            .get(gantry.url(&format!("/{long}/{n}")))
            .send()
            .unwrap_or_else(|e| {
                panic!(
                    "request {n} while the output is not read: {}",
                    e.without_url()
                )
            });
        assert_eq!(response.status(), 404, "request {n}");
    }
    let health = client.get(gantry.url("/_gantry/health")).send().unwrap();
    assert_eq!(health.status(), 200);
    let hello = client.get(gantry.url("/hello")).send().unwrap();
    assert_eq!(hello.status(), 200);
    assert_eq!(hello.text().unwrap(), "hello");

    // Reading again, gantry says how many lines it dropped.
    let mut output = String::new();
    let mut chunk = [0u8; 64 * 1024];
    let notice = " log lines were dropped because the output was not read";
    while !output.contains(notice) {
        let read = gantry.stderr.read(&mut chunk).expect("stderr is readable");
        assert!(read > 0, "gantry exited without the notice");
        output.push_str(&String::from_utf8_lossy(&chunk[..read]));
    }
    let line = output
        .lines()
        .find(|l| l.ends_with(notice.trim_start()))
        .expect("the notice line");
    let count: u64 = line
        .trim_start_matches("gantry: ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {line:?}"));
    assert!(count > 0, "{line}");
    assert!(gantry.banner.contains("Serving on http://"));
}

#[test]
fn a_host_other_machines_reach_is_warned_about_and_shown_as_it_is() {
    let state = tempfile::tempdir().unwrap();
    let gantry = Unread::start(state.path(), &["--host", "0.0.0.0"]);
    let banner = &gantry.banner;
    assert!(
        banner.contains("warning: listening on 0.0.0.0:")
            && banner.contains("other machines can reach: the APIs, /_gantry/health"),
        "{banner}"
    );
    assert!(
        banner.contains(
            "the request inspector and the issuer's token endpoint stay on this machine only"
        ),
        "{banner}"
    );
    let serving = format!("Serving on http://0.0.0.0:{} ", gantry.port);
    assert!(banner.contains(&serving), "{banner}");
    assert!(
        banner.contains(&format!("on this machine http://127.0.0.1:{}", gantry.port)),
        "{banner}"
    );
    let hello = client().get(gantry.url("/hello")).send().unwrap();
    assert_eq!(hello.text().unwrap(), "hello");
}

#[test]
fn exposed_endpoints_print_the_token_client_and_loopback_callers_need_none() {
    let state = tempfile::tempdir().unwrap();
    let gantry = Unread::start(
        state.path(),
        &["--host", "0.0.0.0", "--expose-gantry-endpoints"],
    );
    let banner = gantry.banner.clone();
    assert!(
        banner.contains("with --expose-gantry-endpoints, the request inspector"),
        "{banner}"
    );
    let client_line = banner
        .lines()
        .find(|l| l.contains("authenticate as client_id gantry-"))
        .unwrap_or_else(|| panic!("no client credentials in:\n{banner}"));
    assert!(client_line.contains(" client_secret "), "{client_line}");
    // The same state keeps the same client.
    drop(gantry);
    let again = Unread::start(
        state.path(),
        &["--host", "0.0.0.0", "--expose-gantry-endpoints"],
    );
    assert!(again.banner.contains(client_line), "{}", again.banner);
    // This test's calls come from loopback: the token endpoint answers without them.
    let token = client()
        .post(again.url("/_gantry/issuer/oauth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&audience=https%3A%2F%2Fx")
        .send()
        .unwrap();
    assert_eq!(token.status(), 200);
}
