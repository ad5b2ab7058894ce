"""`python -m groomguard.spark.pack` and spark-submit: the README's cluster line, run on local[1]."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from groomguard.spark.pack import build

from .conftest import POOL


def test_the_zip_holds_the_runtime_spark_and_model_and_imports_alone(tmp_path):
    archive, launcher = build(tmp_path / "dist")
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"groomguard/__init__.py", "groomguard/runtime/scorer.py", "groomguard/runtime/formats/jsonl.py",
            "groomguard/spark/api.py", "groomguard/model/manifest.json"} <= names  # fmt: skip
    assert not any(n.startswith(("groomguard/training", "groomguard/eval", "groomguard/runtime/js")) for n in names)
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r}); import groomguard.spark.cli, groomguard.runtime.scorer; "
        "print(groomguard.runtime.scorer.__file__)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().startswith(str(archive))
    assert "groomguard.spark.cli" in launcher.read_text()


def test_spark_submit_runs_spark_score(tmp_path, spark):  # the fixture: Java is there (or the test fails in CI)
    import pyspark

    archive, launcher = build(tmp_path / "dist")
    rows = [{"conversation_id": f"c{k % 2}", "sender": "ab"[k % 2], "timestamp": k, "text": POOL[k]} for k in range(12)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    cmd = [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false", "--py-files", str(archive),
           str(launcher), str(tmp_path / "in.parquet"), str(tmp_path / "out"), "--quiet"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # spark-submit runs the Python driver with its standard error merged into standard output
    assert "12 messages in 2 conversations scored" in proc.stdout + proc.stderr
    assert len(pq.read_table(tmp_path / "out" / "messages")) == 12
    assert len(pq.read_table(tmp_path / "out" / "conversations")) == 2
