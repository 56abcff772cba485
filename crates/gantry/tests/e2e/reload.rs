//! Hot reload in `gantry up` (issue 15, docs/dev-loop.md): the fixture (a SAM template
//! with a Node function) is copied to a temporary folder, gantry serves it, and the test
//! rewrites its code or template while it runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Gantry, Up, client, fixture};

/// What gantry prints once per reload that is served.
const RELOADED: &str = "gantry: reloaded ";
const STILL_SERVED: &str = "the last good stack is still served";

/// A copy of the fixture, and gantry's state beside it (not inside: its writes are not
/// changes).
struct Project {
    dir: tempfile::TempDir,
    state: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("project dir");
        let source = fixture("reload");
        std::fs::create_dir_all(dir.path().join("hello")).expect("code folder");
        for file in ["template.yaml", "hello/index.js"] {
            std::fs::copy(source.join(file), dir.path().join(file)).expect("fixture copy");
        }
        Project {
            dir,
            state: tempfile::tempdir().expect("state dir"),
        }
    }

    fn template(&self) -> PathBuf {
        self.dir.path().join("template.yaml")
    }

    fn code(&self) -> PathBuf {
        self.dir.path().join("hello/index.js")
    }

    fn up(&self, extra: &[&str]) -> Gantry {
        let template = self.template();
        Up::new(&template, self.state.path())
            .extra(extra)
            .start()
            .expect("gantry serves the fixture")
    }

    /// Rewrites the function to answer `version`.
    fn write_version(&self, version: &str) {
        let code = std::fs::read_to_string(fixture("reload/hello/index.js")).expect("fixture");
        let code = code.replace("\"v1\"", &format!("\"{version}\""));
        std::fs::write(self.code(), code).expect("code written");
    }

    /// The fixture's template with an extra route to the function.
    fn template_with_route(&self, path: &str) -> String {
        let template = std::fs::read_to_string(fixture("reload/template.yaml")).expect("fixture");
        template
            + &format!(
                "        Added:\n          Type: HttpApi\n          Properties:\n            Path: {path}\n            Method: GET\n"
            )
    }
}

fn reloads(output: &str) -> usize {
    output.lines().filter(|l| l.starts_with(RELOADED)).count()
}

/// Waits until gantry has printed `count` lines containing `needle`.
fn wait_for_count(gantry: &Gantry, needle: &str, count: usize) -> String {
    let started = Instant::now();
    loop {
        let output = gantry.output();
        if output.lines().filter(|l| l.contains(needle)).count() >= count {
            return output;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no {count} x {needle:?} in output:\n{output}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn get(gantry: &Gantry, path: &str) -> (u16, String) {
    let response = client()
        .get(format!("{}{path}", gantry.base))
        .send()
        .expect("response");
    let status = response.status().as_u16();
    (status, response.text().expect("body"))
}

/// Lets a watcher see nothing more: what a burst would still trigger has triggered.
fn quiet_period() {
    std::thread::sleep(Duration::from_millis(1500));
}

#[test]
fn a_code_change_is_served_by_the_same_process_on_the_next_request() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");
    let pid = gantry.pid();
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));

    let written = Instant::now();
    project.write_version("v2");
    let output = wait_for_count(&gantry, RELOADED, 1);
    println!("write -> reload line: {:?}", written.elapsed());
    assert!(
        output.contains("gantry: reloaded function ") && output.contains("hello/index.js"),
        "the line names the function and the file:\n{output}"
    );
    // The very next request, no retry: a stale answer would fail here.
    assert_eq!(get(&gantry, "/hello"), (200, "v2".to_owned()));
    println!("write -> first new response: {:?}", written.elapsed());
    assert_eq!(gantry.pid(), pid, "the same gantry process serves it");
}

#[test]
fn an_invocation_in_flight_finishes_on_the_old_code() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");
    // The slow invocation answers once the gate file exists (outside the code folder).
    let gate = project.state.path().join("gate");
    let url = format!("{}/slow?gate={}", gantry.base, gate.display());
    let slow = std::thread::spawn(move || {
        let response = client().get(url).send().expect("response");
        response.text().expect("body")
    });
    gantry.wait_for_output("slow invocation started");
    project.write_version("v2");
    wait_for_count(&gantry, RELOADED, 1);
    assert_eq!(get(&gantry, "/hello"), (200, "v2".to_owned()));
    std::fs::write(&gate, "").expect("gate opened");
    assert_eq!(
        slow.join().expect("slow request"),
        "v1",
        "started before the change, finished on the old code"
    );
}

#[test]
fn a_template_change_adding_a_route_is_deployed_while_serving() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");
    assert_eq!(get(&gantry, "/added").0, 404);
    std::fs::write(project.template(), project.template_with_route("/added")).expect("template");
    let output = wait_for_count(&gantry, "gantry: reloaded stack ", 1);
    assert!(
        output.contains("routes added: GET /added"),
        "the line says what changed:\n{output}"
    );
    assert_eq!(get(&gantry, "/added"), (200, "v1".to_owned()));
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));
}

#[test]
fn a_broken_template_leaves_the_last_good_stack_serving_until_it_is_fixed() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");

    std::fs::write(project.template(), "Resources: [unclosed\n").expect("template");
    wait_for_count(&gantry, STILL_SERVED, 1);
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));

    let bad_reference = project.template_with_route("/added").replace(
        "      Timeout: 10\n",
        "      Timeout: 10\n      MemorySize: !Ref Nowhere\n",
    );
    std::fs::write(project.template(), bad_reference).expect("template");
    let output = wait_for_count(&gantry, STILL_SERVED, 2);
    assert!(
        output.contains("Nowhere"),
        "the diagnostic names it:\n{output}"
    );
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));
    assert_eq!(get(&gantry, "/added").0, 404, "nothing of it is served");

    std::fs::write(project.template(), project.template_with_route("/added")).expect("template");
    wait_for_count(&gantry, "gantry: reloaded stack ", 1);
    assert_eq!(get(&gantry, "/added"), (200, "v1".to_owned()));
    assert_eq!(reloads(&gantry.output()), 1, "{}", gantry.output());
}

#[test]
fn a_burst_of_writes_gives_one_reload() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");
    let code = project.dir.path().join("hello");
    for i in 0..20 {
        std::fs::write(code.join(format!("generated-{i}.js")), format!("// {i}\n")).expect("file");
    }
    // An editor's save: a new file renamed over the old one.
    let saved = std::fs::read_to_string(project.code())
        .expect("code")
        .replace("\"v1\"", "\"v3\"");
    let temporary: &Path = &code.join("index.js.tmp");
    std::fs::write(temporary, saved).expect("temporary file");
    std::fs::rename(temporary, project.code()).expect("rename");
    wait_for_count(&gantry, RELOADED, 1);
    quiet_period();
    let output = gantry.output();
    assert_eq!(reloads(&output), 1, "one burst, one reload:\n{output}");
    assert_eq!(get(&gantry, "/hello"), (200, "v3".to_owned()));
}

#[test]
fn a_change_during_a_reload_gives_one_more_reload_after_it() {
    let project = Project::new();
    let gantry = project.up(&[]);
    gantry.wait_for_output("gantry: watching ");
    std::fs::write(project.template(), project.template_with_route("/added")).expect("template");
    gantry.wait_for_output("deploying an update");
    project.write_version("v2");
    wait_for_count(&gantry, RELOADED, 2);
    quiet_period();
    let output = gantry.output();
    assert_eq!(
        reloads(&output),
        2,
        "the template's, then the code's:\n{output}"
    );
    assert_eq!(get(&gantry, "/hello"), (200, "v2".to_owned()));
    assert_eq!(get(&gantry, "/added"), (200, "v2".to_owned()));
}

#[test]
fn no_watch_deploys_no_change() {
    let project = Project::new();
    let gantry = project.up(&["--no-watch"]);
    // A warm environment: without a reload nothing retires it. (A new environment reads
    // a code folder as it is then: folders are used in place.)
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));
    project.write_version("v2");
    std::fs::write(project.template(), project.template_with_route("/added")).expect("template");
    quiet_period();
    assert_eq!(get(&gantry, "/hello"), (200, "v1".to_owned()));
    assert_eq!(get(&gantry, "/added").0, 404);
    let output = gantry.output();
    assert!(
        !output.contains("gantry: watching") && reloads(&output) == 0,
        "{output}"
    );
}

/// A cloud assembly: a change to an asset folder restarts its function; a `cdk synth`
/// (here: `manifest.json` written again) deploys the assembly's stacks again.
#[test]
fn a_cdk_asset_change_and_a_synth_are_reloaded() {
    let assembly = tempfile::tempdir().expect("assembly dir");
    let state = tempfile::tempdir().expect("state dir");
    let source = fixture("cdk/two-stacks");
    copy_dir(&source, assembly.path());
    let gantry = Up::new(assembly.path(), state.path())
        .start()
        .expect("gantry serves the assembly");
    gantry.wait_for_output("gantry: watching ");
    let asset = std::fs::read_dir(assembly.path())
        .expect("assembly")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("asset."))
        })
        .expect("an asset folder");
    let code = std::fs::read_to_string(asset.join("index.js")).expect("asset code");
    std::fs::write(
        asset.join("index.js"),
        code.replace("from: \"producer\"", "from: \"producer, reloaded\""),
    )
    .expect("asset written");
    let output = wait_for_count(&gantry, "gantry: reloaded function Producer-Hello", 1);
    assert!(output.contains("index.js changed"), "{output}");
    let (status, body) = get(&gantry, "/hello");
    assert_eq!(status, 200);
    assert!(body.contains("producer, reloaded"), "{body}");

    let manifest = assembly.path().join("manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, text).expect("manifest written");
    let output = wait_for_count(&gantry, "gantry: reloaded stack Producer, Consumer", 1);
    assert!(output.contains("manifest.json changed"), "{output}");
    assert_eq!(get(&gantry, "/hello").0, 200);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from)
        .expect("folder")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("file");
        }
    }
}
