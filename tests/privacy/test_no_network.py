"""No network, no telemetry files: a scoring process (Python, and the JavaScript twin when node is set up) is watched
for WATCH_SECONDS and must open no AF_INET/AF_INET6 socket and write nothing under ~/.cache/Microsoft.

onnxruntime's telemetry starts about 30 s after the first session, so short runs cannot see it: this is why the test
is long and runs as its own CI step (``make test-privacy``; deselected from ``make test`` by the ``network_audit``
marker). The processes run with a temporary HOME and working directory, and without the CI variables that make
onnxruntime suppress its telemetry on its own (CI would otherwise pass whatever groomguard does).

Watched with ``strace -f`` (every thread and child, native code included) when it is available; otherwise with a
Python audit hook in the child (socket creation, connect, DNS look-ups and file opens from Python) plus a poll of the
process's open sockets in /proc, which together see less than strace (GROOMGUARD_AUDIT_WITHOUT_STRACE=1 forces this
fallback). The files left under HOME and in the working directory are checked either way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.network_audit

ROOT = Path(__file__).resolve().parents[2]
WATCH_SECONDS = 45
JS_DIR = ROOT / "runtime" / "js"
# What onnxruntime reads as "running in CI" (onnxruntime/core/platform/telemetry_environment.h) or as an opt-out:
# removed from the child's environment so that only groomguard's own switches can turn the telemetry off.
CI_VARIABLES = (
    "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "CODEBUILD_BUILD_ID",
    "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI",
)  # fmt: skip

PY_CHILD = r"""
import sys, time
if len(sys.argv) > 4 and sys.argv[4] == "hook":
    events = open(sys.argv[5], "a", buffering=1)
    def hook(event, args):
        if event == "socket.__new__" and len(args) > 1 and int(args[1]) in (2, 10):
            events.write(f"socket family {int(args[1])}\n")
        elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"):
            events.write(f"{event}\n")
        elif event == "open" and ".cache/Microsoft" in str(args[0]) and any(c in str(args[1]) for c in "wax+"):
            events.write(f"write {args[0]}\n")
    sys.addaudithook(hook)
from groomguard import Scorer
from groomguard.runtime.cli import main
scorer = Scorer()
scorer.score("are your parents home?")
scorer.score_batch(["hi how was school", "dont tell anyone"])
main(["score", sys.argv[1], "--quiet", "--output", sys.argv[2]])
time.sleep(float(sys.argv[3]))
"""

JS_CHILD = r"""
const [index, model, seconds] = process.argv.slice(-3);
const { Scorer } = await import(index);
const scorer = await Scorer.load(model);
await scorer.score("are your parents home?");
await scorer.scoreBatch(["hi how was school", "dont tell anyone"]);
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
"""

INET_SOCKET = re.compile(r"\bsocket\(AF_INET6?\b|sa_family=AF_INET6?\b")
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES and not k.startswith("ORT_")}
    env.pop("XDG_CACHE_HOME", None)
    env["HOME"] = str(home)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _strace() -> str | None:
    path = shutil.which("strace")
    if path is None or os.environ.get("GROOMGUARD_AUDIT_WITHOUT_STRACE"):  # the latter to exercise the fallback
        return None
    if not sys.platform.startswith("linux"):
        return None
    probe = subprocess.run([path, "-f", "-qq", "-o", os.devnull, "true"], capture_output=True)
    return path if probe.returncode == 0 else None


class Watched:
    """One child process under watch: started at once, judged after WATCH_SECONDS."""

    def __init__(self, name: str, argv: list[str], base: Path, with_hook: bool) -> None:
        self.base = base / name
        self.home = self.base / "home"
        self.cwd = self.base / "cwd"
        self.home.mkdir(parents=True)
        self.cwd.mkdir()
        self.trace = self.base / "strace.txt"
        self.events = self.base / "events.txt"
        self.events.touch()
        self.strace = _strace()
        if self.strace:
            argv = [self.strace, "-f", "-qq", "-o", str(self.trace), "-e", "trace=%network,%file", *argv]
        else:
            argv = [*argv, "hook", str(self.events)] if with_hook else argv
        self.proc = subprocess.Popen(
            argv,
            cwd=self.cwd,
            env=_clean_env(self.home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.sockets: set[str] = set()

    def poll_sockets(self) -> None:
        """Without strace: note AF_INET/AF_INET6 sockets open in the process right now (from /proc)."""
        try:
            fds = list(Path(f"/proc/{self.proc.pid}/fd").iterdir())
        except OSError:
            return
        inodes = set()
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        if not inodes:
            return
        for table in ("tcp", "tcp6", "udp", "udp6"):
            try:
                rows = Path(f"/proc/{self.proc.pid}/net/{table}").read_text().splitlines()[1:]
            except OSError:
                continue
            for row in rows:
                fields = row.split()
                if len(fields) > 9 and fields[9] in inodes:
                    self.sockets.add(f"{table} socket {fields[1]} -> {fields[2]}")

    def findings(self) -> list[str]:
        found = sorted(self.sockets)
        if self.strace:
            for line in self.trace.read_text(errors="replace").splitlines():
                telemetry_write = ".cache/Microsoft" in line and (WRITE_FLAGS.search(line) or "mkdir" in line)
                if INET_SOCKET.search(line) or telemetry_write:
                    found.append(line.strip())
        found += self.events.read_text().splitlines()
        microsoft = self.home / ".cache" / "Microsoft"
        if microsoft.exists():
            found.append(f"files under HOME/.cache/Microsoft: {sorted(str(p) for p in microsoft.rglob('*'))}")
        left = sorted(p.name for p in self.cwd.iterdir())
        if left:
            found.append(f"files left in the working directory: {left}")
        return found


@pytest.fixture(scope="module")
def watched(tmp_path_factory) -> dict[str, Watched]:
    """Both processes start together and are watched side by side (one wait of WATCH_SECONDS, not two)."""
    base = tmp_path_factory.mktemp("network_audit")
    out = base / "scored.jsonl"
    runs = {
        "python": Watched(
            "python",
            [sys.executable, "-c", PY_CHILD, str(ROOT / "examples"), str(out), str(WATCH_SECONDS)],
            base,
            with_hook=True,
        )
    }
    node = shutil.which("node")
    if node and (JS_DIR / "node_modules" / "onnxruntime-node").is_dir():
        index = (JS_DIR / "src" / "index.js").as_uri()
        argv = [node, "--input-type=module", "-e", JS_CHILD, index, str(ROOT / "model"), str(WATCH_SECONDS)]
        runs["js"] = Watched("js", argv, base, with_hook=False)
    deadline = time.monotonic() + WATCH_SECONDS + 120
    while any(run.proc.poll() is None for run in runs.values()) and time.monotonic() < deadline:
        for run in runs.values():
            if run.proc.poll() is None and not run.strace:
                run.poll_sockets()
        time.sleep(0.2)
    for run in runs.values():
        if run.proc.poll() is None:
            run.proc.kill()
        run.stdout, run.stderr = run.proc.communicate()
    return runs


def _judge(run: Watched) -> None:
    assert run.proc.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    findings = run.findings()
    assert not findings, "network or telemetry activity:\n" + "\n".join(findings[:40])


def test_python_scoring_process_makes_no_network_call_and_writes_no_telemetry(watched):
    run = watched["python"]
    _judge(run)
    scored = [json.loads(line) for line in (run.base.parent / "scored.jsonl").read_text().splitlines()]
    assert any(r.get("type") == "conversation" for r in scored)  # the CLI really scored something


def test_javascript_scoring_process_makes_no_network_call_and_writes_no_telemetry(watched):
    if "js" not in watched:
        pytest.skip("JavaScript twin not checked: node or runtime/js/node_modules missing (make test installs it)")
    _judge(watched["js"])
