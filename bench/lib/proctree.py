"""Process trees from /proc: descendants, CPU time, memory, and stopping them.

Linux only. CPU times are in seconds (utime + stime of every thread of a process, not
counting its reaped children), memory in KiB.
"""

import os
import signal
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (field 3 is index 0), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    end = data.rfind(b")")
    return data[end + 2:].split()


def state(pid):
    """One-letter state (R, S, Z, ...) or None when gone."""
    fields = _stat_fields(pid)
    return fields[0].decode() if fields else None


def start_time(pid):
    """Start time in clock ticks since boot (identifies a pid across reuse)."""
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None


def cpu_seconds(pid):
    """utime + stime of the process (all its threads), or None when gone."""
    fields = _stat_fields(pid)
    if not fields:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children(pid):
    """Direct children of every thread of pid."""
    result = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):
        return result
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                result.extend(int(x) for x in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return result


def tree(pid):
    """pid and all its live descendants."""
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo.extend(children(p))
    return [p for p in seen if state(p) not in (None, "Z", "X")]


def status_kib(pid, field):
    """A `kB` field of /proc/PID/status (VmRSS, VmHWM), 0 when gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def tree_cpu(pid):
    """{pid: cpu seconds} over the tree."""
    result = {}
    for p in tree(pid):
        c = cpu_seconds(p)
        if c is not None:
            result[p] = c
    return result


def cpu_delta(before, after):
    """CPU used between two tree_cpu snapshots (processes that started in between count
    from 0; processes that ended in between lose what they used since `before`)."""
    return sum(c - before.get(p, 0.0) for p, c in after.items())


def tree_rss_kib(pid):
    pids = tree(pid)
    return sum(status_kib(p, "VmRSS") for p in pids), pids


def all_processes_cpu():
    """{(pid, start time): (own CPU seconds, reaped children's CPU seconds)} for every
    process on the machine; two snapshots give the CPU other work used in between."""
    result = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(entry)
        if not fields:
            continue
        own = (int(fields[11]) + int(fields[12])) / CLK_TCK
        reaped = (int(fields[13]) + int(fields[14])) / CLK_TCK
        result[(int(entry), int(fields[19]))] = (own, reaped)
    return result


def others_cpu_delta(before, after, exclude_pids):
    """CPU used between two all_processes_cpu snapshots by processes not in exclude_pids:
    what live processes used, plus what processes that ended in between used (their
    parent's reaped-children time grows by their whole life, so what they had used before
    the first snapshot is taken off again)."""
    total = 0.0
    for key, (own, reaped) in after.items():
        if key[0] in exclude_pids:
            continue
        own_b, reaped_b = before.get(key, (0.0, 0.0))
        total += (own - own_b) + (reaped - reaped_b)
    for key, (own_b, reaped_b) in before.items():
        if key not in after and key[0] not in exclude_pids:
            total -= own_b + reaped_b
    return total


def alive(pid, started):
    """Whether the process pid that started at `started` still exists (not a zombie)."""
    return start_time(pid) == started and state(pid) not in (None, "Z", "X")


def stop(pids_with_start, groups, grace=10.0):
    """SIGTERM the process groups, wait up to `grace` s for every known process to go,
    then SIGKILL what is left (groups and individual pids). Returns the (pid, start)
    pairs still alive afterwards."""
    for g in groups:
        try:
            os.killpg(g, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not any(alive(p, s) for p, s in pids_with_start):
            break
        time.sleep(0.02)
    for g in groups:
        try:
            os.killpg(g, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for p, s in pids_with_start:
        if alive(p, s):
            try:
                os.kill(p, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    time.sleep(0.05)
    return [(p, s) for p, s in pids_with_start if alive(p, s)]
