//! The inspector page in real headless Chromium (Debian's `/usr/bin/chromium`), driven by
//! `crates/gantry/tests/browser/inspector.js` through playwright-core: it lists a 401 and
//! a 200 with their ids, the 401 shows the JWT authorizer's explanation, the 200 its event
//! and its function's log lines, and a new request appears without a reload. It saves
//! the screenshot the README shows (`docs/images/inspector.png` when
//! `GANTRY_UPDATE_SCREENSHOT=1`).
//!
//! The harness's npm package comes from `npm ci` (`.ci/run` runs it; this test runs it
//! when `node_modules` is missing). Without Chromium the test fails saying what to
//! install; it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Seed;
use crate::support::{client, npm_ci_unless_installed, request_id};

const CHROMIUM: &str = "/usr/bin/chromium";
const INSTALL_HINT: &str =
    "run `npm ci` in crates/gantry/tests/browser (.ci/run does; it needs the npm registry)";

fn harness() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

#[test]
fn the_page_shows_requests_live_in_headless_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install Debian's chromium package (`apt-get install chromium`; .ci/run does)"
    );
    let harness = harness();
    npm_ci_unless_installed(&harness, "node_modules/playwright-core", INSTALL_HINT);

    let seed = Seed::start(&[]);
    let client = client();
    let unauthorized = client
        .get(format!("{}/test", seed.gantry.base))
        .send()
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    let ok = client
        .get(format!("{}/test", seed.gantry.base))
        .bearer_auth(&seed.token)
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let (unauthorized, ok) = (request_id(&unauthorized), request_id(&ok));
    // A few more, as a developer's session has (the screenshot shows them).
    for (path, token) in [
        ("/nowhere", false),
        ("/test?page=2", true),
        ("/test", false),
    ] {
        let mut request = client.get(format!("{}{path}", seed.gantry.base));
        if token {
            request = request.bearer_auth(&seed.token);
        }
        request.send().unwrap();
    }
    // The 200's lines are all in before the page opens, for a complete screenshot.
    seed.record(&ok);

    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspector.png");
    let docs_screenshot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/images/inspector.png");
    let output = Command::new("node")
        .arg(harness.join("inspector.js"))
        .args([&seed.gantry.base, &unauthorized, &ok])
        .arg(&screenshot)
        .arg(&docs_screenshot)
        .current_dir(&harness)
        .output()
        .unwrap_or_else(|e| panic!("node does not run: {e}"));
    assert!(
        output.status.success(),
        "the browser test failed ({}):\n{}\n{}\ngantry's output:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        seed.gantry.output()
    );
    assert!(screenshot.exists());
}
