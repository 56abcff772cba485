//! `Max Memory Used`: the peak resident memory of an environment's process tree, read
//! from `/proc` (`VmHWM` of each process).
//!
//! Unconfirmed: Lambda measures its sandbox as a whole; summing each process's own peak
//! can overstate the tree's simultaneous peak when several processes peaked at different
//! times. For the usual single-process runtime the figures agree.

use std::collections::HashSet;

/// Processes visited at most, against runaway trees.
const MAX_PROCESSES: usize = 256;

/// Peak resident memory of `pid` and its descendants, in KiB; `None` if `pid` is gone.
pub(crate) fn peak_kib(pid: u32) -> Option<u64> {
    let mut total = vm_hwm_kib(pid)?;
    let mut seen = HashSet::from([pid]);
    let mut pending = children(pid);
    while let Some(child) = pending.pop() {
        if seen.len() >= MAX_PROCESSES || !seen.insert(child) {
            continue;
        }
        total += vm_hwm_kib(child).unwrap_or(0);
        pending.extend(children(child));
    }
    Some(total)
}

/// Whole megabytes, rounded up, as the `REPORT` line shows them.
pub(crate) fn kib_to_mb(kib: u64) -> u64 {
    kib.div_ceil(1024)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .map(|text| {
            text.split_whitespace()
                .filter_map(|id| id.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_process_has_a_peak() {
        let kib = peak_kib(std::process::id()).unwrap();
        assert!(kib > 0);
        assert!(kib_to_mb(kib) >= 1);
    }

    #[test]
    fn rounding_is_up() {
        assert_eq!(kib_to_mb(1), 1);
        assert_eq!(kib_to_mb(1024), 1);
        assert_eq!(kib_to_mb(1025), 2);
    }
}
