"""A bounded HTTP load generator: ``wrk`` when installed, else Python threads.

Both are closed loops: a fixed number of connections, each sending its next request
as soon as the previous answer is read, for a fixed duration. Only answers received
within the duration count. Latencies are measured per request, from sending it to
reading the last byte of the answer; a connection the server closes (gunicorn's sync
workers close every one) is opened again for the next request, inside its latency.

``wrk`` (Debian: ``apt-get install wrk``) costs the server's cores far less than the
Python generator does, so its figures are the ones to quote; the Python generator
only stands in where wrk is missing.
"""

from __future__ import annotations

import http.client
import os
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: wrk reports its exact figures through this script (latencies in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\\n", summary.requests))
  io.write(string.format("duration_us %d\\n", summary.duration))
  io.write(string.format("errors %d\\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("bad_status %d\\n", e.status))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d_us %d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("max_us %d\\n", latency.max))
end
"""


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured: throughput, latency percentiles and failures."""

    tool: str
    requests: int  # answers received within the duration
    failures: int  # transport errors and answers other than 2xx/3xx
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0


def wrk_available() -> bool:
    """Whether ``wrk`` is on the PATH."""
    return shutil.which("wrk") is not None


def run(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    connections: int = 16,
    duration: float = 10.0,
    tool: str = "auto",
) -> LoadResult:
    """Load ``url`` with ``connections`` concurrent connections for ``duration`` seconds.

    Parameters
    ----------
    url
        An ``http://host:port/path?query`` URL.
    headers
        Sent with every request (a session ``Cookie``, ``Accept-Language``...).
    connections
        Requests in flight at any time.
    duration
        Seconds of load.
    tool
        ``"wrk"``, ``"python"`` or ``"auto"`` (wrk when installed).
    """
    if tool == "auto":
        tool = "wrk" if wrk_available() else "python"
    if tool == "wrk":
        return run_wrk(url, headers=headers or {}, connections=connections, duration=duration)
    if tool == "python":
        return run_python(url, headers=headers or {}, connections=connections, duration=duration)
    raise ValueError(f"unknown load generator {tool!r} (wrk, python or auto)")


def run_wrk(url: str, *, headers: dict[str, str], connections: int, duration: float) -> LoadResult:
    """One ``wrk`` run on one thread (the server needs the cores more than wrk does)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s"]
        command += ["--timeout", "10s", "-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        done = subprocess.run(  # noqa: S603 - a fixed argv, no shell
            [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    figures = dict(
        line.split()
        for line in done.stdout.splitlines()
        if line.count(" ") == 1 and line[0].isalpha()
    )
    return LoadResult(
        tool="wrk",
        requests=int(figures["requests"]),
        failures=int(figures["errors"]) + int(figures["bad_status"]),
        duration_s=int(figures["duration_us"]) / 1e6,
        p50_ms=int(figures["p50_us"]) / 1000,
        p90_ms=int(figures["p90_us"]) / 1000,
        p99_ms=int(figures["p99_us"]) / 1000,
        max_ms=int(figures["max_us"]) / 1000,
    )


def run_python(
    url: str, *, headers: dict[str, str], connections: int, duration: float
) -> LoadResult:
    """The same closed loop with one thread and one HTTP/1.1 connection per slot."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[list[float]] = [[] for _ in range(connections)]
    failures = [0] * connections
    start_line = threading.Barrier(connections + 1)
    deadline = [0.0]

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        start_line.wait()
        while True:
            sent = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 400
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            done = time.perf_counter()
            if done > deadline[0]:
                break
            latencies[slot].append((done - sent) * 1000)
            failures[slot] += not ok
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + duration
    start_line.wait()
    for thread in threads:
        thread.join(duration + 30)
    samples = sorted(ms for slot in latencies for ms in slot)
    return LoadResult(
        tool="python",
        requests=len(samples),
        failures=sum(failures),
        duration_s=duration,
        p50_ms=percentile(samples, 50),
        p90_ms=percentile(samples, 90),
        p99_ms=percentile(samples, 99),
        max_ms=samples[-1] if samples else 0.0,
    )


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running gunicorn: its port and master process id."""

    port: int
    pid: int

    def workers(self) -> list[int]:
        """The worker processes' ids (Linux: read from /proc; empty elsewhere)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.pid:  # the parent's id
                found.append(int(stat.parent.name))
        return found


@contextmanager
def gunicorn(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path, timeout: float = 60
) -> Iterator[Server]:
    """Start gunicorn (``command`` without ``--bind``) on a free loopback port; stop it on exit."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - a fixed argv, no shell
            [*command, "--bind", f"127.0.0.1:{port}"],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, process, timeout)
            yield Server(port, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not listen within {timeout:.0f} s") from None
            time.sleep(0.2)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds these processes used so far (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children_cpu_seconds() -> float:
    """CPU seconds of this process's finished children (wrk runs), user and system."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def percentile(sorted_samples: list[float], pct: float) -> float:
    """The nearest-rank percentile of already sorted samples (0 when there are none)."""
    if not sorted_samples:
        return 0.0
    rank = max(1, -(-len(sorted_samples) * pct // 100))  # ceil
    return sorted_samples[int(rank) - 1]


def median(values: list[float]) -> float:
    """The median, 0 for no values."""
    return statistics.median(values) if values else 0.0
