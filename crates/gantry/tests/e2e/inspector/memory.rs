//! 10,000 requests through the inspector (default history, 1,000 kept) leave gantry's
//! memory bounded: its resident set after 10,000 requests is within a few MiB of what it
//! was once the history had filled (2,000 requests), and exactly 1,000 are kept.

use super::Seed;
use crate::support::client;

/// gantry's resident set in KiB, from `/proc/<pid>/status` (the `gantry up` process:
/// its command line names the binary and the seed's state directory).
fn gantry_rss_kib(seed: &Seed) -> u64 {
    let state = seed.state_dir();
    let binary = env!("CARGO_BIN_EXE_gantry");
    let pid = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| {
            std::fs::read(entry.path().join("cmdline")).is_ok_and(|raw| {
                let cmdline = String::from_utf8_lossy(&raw).replace('\0', " ");
                cmdline.starts_with(binary) && cmdline.contains(&state)
            })
        })
        .expect("the gantry up process")
        .path();
    let status = std::fs::read_to_string(pid.join("status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

#[test]
fn ten_thousand_requests_leave_memory_bounded() {
    let seed = Seed::start(&[]);
    let client = client();
    let url = format!("{}/test?n=", seed.gantry.base);
    let send = |n: usize| {
        // Three in four reach the function (event, log lines); the rest are refused.
        let mut request = client.get(format!("{url}{n}"));
        if !n.is_multiple_of(4) {
            request = request.bearer_auth(&seed.token);
        }
        let status = request.send().unwrap().status();
        assert!(status == 200 || status == 401, "{status}");
    };
    (0..2_000).for_each(send);
    let filled = gantry_rss_kib(&seed);
    (2_000..10_000).for_each(send);
    let after = gantry_rss_kib(&seed);
    let kept = seed.requests("")["requests"].as_array().unwrap().len();
    eprintln!(
        "gantry's resident set: {filled} KiB after 2,000 requests, {after} KiB after 10,000 ({kept} kept)"
    );
    assert_eq!(kept, 1_000);
    assert!(
        after <= filled + 16 * 1024,
        "gantry grew from {filled} KiB to {after} KiB over 8,000 more requests"
    );
}
