"""The runtime must import and run with scikit-learn, skl2onnx, datasets, scipy and onnx unavailable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    BLOCKED = ("sklearn", "skl2onnx", "datasets", "scipy", "onnx", "matplotlib", "pandas")

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED and name != "onnxruntime" and not name.startswith("onnxruntime"):
                raise ImportError(f"blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, Blocker())
    """
)


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_blocker_really_blocks():
    # A test that cannot fail proves nothing: check the blocker itself first.
    proc = run_python("import sklearn")
    assert proc.returncode != 0
    assert "blocked in this test: sklearn" in proc.stderr


def test_runtime_imports_without_training_dependencies():
    proc = run_python(
        """
        import groomguard.runtime
        from groomguard.runtime import featurizer, cli
        import sys
        leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'datasets', 'skl2onnx'))
        assert not leaked, leaked
        assert not any(m.startswith(('groomguard.training', 'groomguard.eval')) for m in sys.modules)
        print('ok')
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")


def test_cli_help_without_training_dependencies():
    proc = run_python(
        """
        import sys
        from groomguard.runtime.cli import main
        try:
            main(['--help'])
        except SystemExit as exc:
            sys.exit(exc.code)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert "usage: groomguard" in proc.stdout


def test_training_and_eval_without_their_extras_say_what_to_install():
    # the wheel ships groomguard.training and groomguard.eval; without their extras they must say what is missing
    for module, extra in (("groomguard.training.fit", "train"), ("groomguard.eval.report", "eval")):
        proc = run_python(f"import {module}")
        assert proc.returncode != 0
        assert f"pip install 'groomguard[{extra}]'" in proc.stderr, proc.stderr[-800:]
        assert "scikit-learn" in proc.stderr
