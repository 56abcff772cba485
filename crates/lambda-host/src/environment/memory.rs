//! `Max Memory Used`: the peak resident memory of an environment's process tree, read
//! from `/proc` (`VmHWM` of each process).
//!
//! Unconfirmed: Lambda measures its sandbox as a whole; summing each process's own peak
//! can overstate the tree's simultaneous peak when several processes peaked at different
//! times. For the usual single-process runtime the figures agree.

use std::collections::HashSet;
use std::fs::File;
use std::os::unix::fs::FileExt;

/// Processes visited at most, against runaway trees.
const MAX_PROCESSES: usize = 256;
/// The line of `/proc/<pid>/status` with the peak resident set size.
const VM_HWM: &[u8] = b"VmHWM:";
/// Enough for `/proc/<pid>/status` (about 1.5 KiB) in one read.
const STATUS_BUFFER_BYTES: usize = 8 * 1024;

/// Samples one runtime process's tree after every invocation, cheaply enough for the hot
/// path: its own `/proc` files stay open (reading an open file from offset 0 regenerates
/// it, without a path lookup, open and close each time, and the files keep referring to
/// this process even if its pid is reused), and `status` (about 7 µs to generate) is only
/// read when the fault counters in `stat` (under 3 µs) have moved: the resident set, and
/// so its peak, only grows through page faults, which a warm runtime rarely takes.
pub(crate) struct MemoryProbe {
    stat: Option<File>,
    status: Option<File>,
    children: Option<File>,
    buffer: Vec<u8>,
    /// Minor plus major faults when `peak` was read.
    faults: Option<u64>,
    peak: u64,
}

impl MemoryProbe {
    pub(crate) fn new(pid: u32) -> Self {
        MemoryProbe {
            stat: File::open(format!("/proc/{pid}/stat")).ok(),
            status: File::open(format!("/proc/{pid}/status")).ok(),
            children: File::open(format!("/proc/{pid}/task/{pid}/children")).ok(),
            buffer: Vec::with_capacity(STATUS_BUFFER_BYTES),
            faults: None,
            peak: 0,
        }
    }

    /// Peak resident memory of the process and its descendants, in KiB; `None` if the
    /// process is gone.
    pub(crate) fn peak_kib(&mut self) -> Option<u64> {
        let faults = read_from_start(self.stat.as_ref()?, &mut self.buffer).and_then(faults)?;
        if self.faults != Some(faults) {
            self.peak =
                read_from_start(self.status.as_ref()?, &mut self.buffer).and_then(vm_hwm)?;
            self.faults = Some(faults);
        }
        let children = self
            .children
            .as_ref()
            .and_then(|file| read_from_start(file, &mut self.buffer))
            .map(pids)
            .unwrap_or_default();
        if children.is_empty() {
            return Some(self.peak);
        }
        Some(self.peak + descendants_kib(children, &mut HashSet::new()))
    }
}

/// Reads a whole `/proc` file from its start into `buffer` (kept at its largest size, so
/// it is zeroed only when it grows).
fn read_from_start<'a>(file: &File, buffer: &'a mut Vec<u8>) -> Option<&'a [u8]> {
    if buffer.len() < STATUS_BUFFER_BYTES {
        buffer.resize(STATUS_BUFFER_BYTES, 0);
    }
    let mut filled = 0;
    loop {
        let read = file.read_at(&mut buffer[filled..], filled as u64).ok()?;
        filled += read;
        if read == 0 || filled < buffer.len() {
            break;
        }
        buffer.resize(buffer.len() * 2, 0);
    }
    Some(&buffer[..filled])
}

/// `minflt + majflt` from `/proc/<pid>/stat` (fields 10 and 12, counted after the
/// parenthesised command name, which may itself hold spaces and parentheses).
fn faults(stat: &[u8]) -> Option<u64> {
    let after_name = stat.iter().rposition(|b| *b == b')')?;
    let fields = std::str::from_utf8(&stat[after_name + 1..]).ok()?;
    let mut fields = fields.split_whitespace();
    let minor: u64 = fields.nth(7)?.parse().ok()?;
    let major: u64 = fields.nth(1)?.parse().ok()?;
    Some(minor + major)
}

fn vm_hwm(status: &[u8]) -> Option<u64> {
    let line = status
        .split(|b| *b == b'\n')
        .find_map(|line| line.strip_prefix(VM_HWM))?;
    std::str::from_utf8(line)
        .ok()?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn pids(text: &[u8]) -> Vec<u32> {
    String::from_utf8_lossy(text)
        .split_whitespace()
        .filter_map(|id| id.parse().ok())
        .collect()
}

/// Peak resident memory of `pid` and its descendants, in KiB; `None` if `pid` is gone.
#[cfg(test)]
pub(crate) fn peak_kib(pid: u32) -> Option<u64> {
    let total = vm_hwm_kib(pid)?;
    let mut seen = HashSet::from([pid]);
    Some(total + descendants_kib(children(pid), &mut seen))
}

/// The summed peaks of `pending` and their descendants, each counted once.
fn descendants_kib(mut pending: Vec<u32>, seen: &mut HashSet<u32>) -> u64 {
    let mut total = 0;
    while let Some(child) = pending.pop() {
        if seen.len() >= MAX_PROCESSES || !seen.insert(child) {
            continue;
        }
        total += vm_hwm_kib(child).unwrap_or(0);
        pending.extend(children(child));
    }
    total
}

/// Whole megabytes, rounded up, as the `REPORT` line shows them.
pub(crate) fn kib_to_mb(kib: u64) -> u64 {
    kib.div_ceil(1024)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    vm_hwm(&std::fs::read(format!("/proc/{pid}/status")).ok()?)
}

fn children(pid: u32) -> Vec<u32> {
    std::fs::read(format!("/proc/{pid}/task/{pid}/children"))
        .map(|text| pids(&text))
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
    fn the_probe_rereads_its_open_files() {
        use std::io::{BufRead, BufReader, Write};
        use std::process::{Command, Stdio};

        let script = "import sys\nprint('ready', flush=True)\nsys.stdin.readline()\n\
                      ballast = bytearray(64 << 20)\nprint('grown', flush=True)\nsys.stdin.readline()\n";
        let mut child = Command::new("python3")
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let mut probe = MemoryProbe::new(child.id());
        let before = probe.peak_kib().unwrap();
        stdin.write_all(b"go\n").unwrap();
        stdout.read_line(&mut line).unwrap();
        let after = probe.peak_kib().unwrap();
        stdin.write_all(b"end\n").unwrap();
        child.wait().unwrap();
        assert!(
            after >= before + (60 << 10),
            "{before} KiB, then {after} KiB"
        );
    }

    #[test]
    fn fault_counters_are_read_after_the_command_name() {
        let stat = b"42 (a) b (c) S 1 42 42 0 -1 4194560 1234 0 7 0 3 1 0 0 20 0 1 0 100 1000 250";
        assert_eq!(faults(stat), Some(1234 + 7));
        assert_eq!(faults(b"42 (truncated"), None);
    }

    #[test]
    fn a_probe_of_a_process_that_is_gone_reports_nothing() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let mut probe = MemoryProbe::new(child.id());
        child.wait().unwrap();
        assert_eq!(probe.peak_kib(), None);
    }

    #[test]
    fn rounding_is_up() {
        assert_eq!(kib_to_mb(1), 1);
        assert_eq!(kib_to_mb(1024), 1);
        assert_eq!(kib_to_mb(1025), 2);
    }
}
