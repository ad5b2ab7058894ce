"""First contact (issue 13): `make run` installs the runtime only, `make test` the dev stack, and the JavaScript
tests say clearly that they were skipped when node is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dry_run(target: str) -> list[str]:
    """The commands `make TARGET` would run from scratch (-B: as if nothing were built; -n: print, do not run)."""
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    proc = subprocess.run(["make", "-nB", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return proc.stdout.splitlines()


def installs(lines: list[str]) -> list[str]:
    return [line for line in lines if "pip install" in line]


def test_make_run_installs_the_runtime_only():
    lines = installs(dry_run("run"))
    assert lines, "make run installs nothing on a fresh clone"
    assert all(line.rstrip().endswith(" .") and "[" not in line and " -e " not in line for line in lines), lines


def test_make_test_installs_the_dev_extra():
    assert any("'.[dev]'" in line for line in installs(dry_run("test")))


def test_javascript_tests_skip_with_a_clear_line_without_node(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dirname",):  # all the script needs before it looks for node
        os.symlink(shutil.which(tool), bin_dir / tool)
    bash = shutil.which("bash")
    proc = subprocess.run(
        [bash, str(ROOT / "runtime" / "js" / "run-tests.sh")],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("SKIPPED: the JavaScript tests (runtime/js) need node >= 18 and npm")
