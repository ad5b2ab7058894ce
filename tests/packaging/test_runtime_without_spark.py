"""The runtime never imports pyspark or groomguard.spark: not on import, not for the CLI's help, not for `score`.

`groomguard spark-score` imports groomguard.spark only when it runs; with pyspark unavailable, its --help still
works and a run says which extra to install.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("pyspark", "py4j"):
                raise ImportError(f"blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, Blocker())
    """
)


def run_python(code: str, block: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", (BLOCKER if block else "") + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_blocker_really_blocks():
    proc = run_python("import pyspark")
    assert proc.returncode != 0 and "blocked in this test: pyspark" in proc.stderr


def test_runtime_and_cli_do_not_import_spark(tmp_path):
    chat = tmp_path / "chat.jsonl"
    chat.write_text(json.dumps({"conversation_id": "c", "sender": "a", "text": "hi"}) + "\n", encoding="utf-8")
    # not blocked: pyspark is installed here, and must still not be imported
    proc = run_python(
        f"""
        import sys
        import groomguard, groomguard.runtime
        from groomguard.runtime import cli, cli_output, scorer, monitor
        try:
            cli.main(['--help'])
        except SystemExit:
            pass
        assert cli.main(['score', {str(chat)!r}, '--output', {str(tmp_path / "out.jsonl")!r}, '--quiet']) == 0
        leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j', 'pandas', 'pyarrow'))
        leaked += [m for m in sys.modules if m.startswith('groomguard.spark')]
        assert not leaked, leaked
        print('ok')
        """,
        block=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")


def test_spark_score_without_pyspark():
    proc = run_python(
        """
        import sys
        from groomguard.runtime.cli import main
        try:
            main(['spark-score', '--help'])
        except SystemExit as exc:
            assert exc.code == 0
        sys.exit(main(['spark-score', 'in.parquet', 'out']))
        """
    )
    assert "usage: groomguard spark-score" in proc.stdout
    assert proc.returncode == 2 and "pip install 'groomguard[spark]'" in proc.stderr


def test_no_module_level_spark_import_in_the_runtime():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in (root / "runtime").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(("import ", "from ")) and any(
                name in line.split()[1] for name in ("pyspark", "groomguard.spark", "pandas", "pyarrow")
            ):
                offenders.append(f"{path.relative_to(root)}:{number}: {line}")
    assert not offenders, offenders
