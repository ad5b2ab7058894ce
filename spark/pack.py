"""Build what ``spark-submit --py-files`` needs: the groomguard runtime and groomguard.spark as one zip, and a launcher.

    python -m groomguard.spark.pack dist/
    spark-submit --master yarn --py-files dist/groomguard-spark.zip dist/spark_score.py INPUT OUTPUT

The zip holds the import package ``groomguard`` with its ``runtime`` (and ``formats``), ``spark`` and ``model``
subpackages, taken from where this installation imports them; not training, eval or the JavaScript runtime. The
executors still need numpy, onnxruntime, pandas and pyarrow installed (cluster libraries, or a packed environment
with ``--archives``); a wheel (``pip wheel . --no-deps``) installed as a cluster library replaces the zip.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

PACKAGES = ("groomguard", "groomguard.runtime", "groomguard.runtime.formats", "groomguard.spark", "groomguard.model")
SUFFIXES = (".py", ".md", ".json", ".jsonl", ".onnx")
LAUNCHER = '''"""spark-submit's entry point for `groomguard spark-score` (from python -m groomguard.spark.pack)."""
import sys

from groomguard.spark.cli import main

sys.exit(main(sys.argv[1:]))
'''


def build(out: Path) -> tuple[Path, Path]:
    """Write ``out/groomguard-spark.zip`` and ``out/spark_score.py``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    archive = out / "groomguard-spark.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in PACKAGES:
            folder = Path(next(iter(importlib.import_module(name).__path__)))
            prefix = name.replace(".", "/")
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix in SUFFIXES:
                    z.write(path, f"{prefix}/{path.name}")
    launcher = out / "spark_score.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    return archive, launcher


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.spark.pack", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("dist"), help="folder to write to (default: dist)")
    args = parser.parse_args(argv)
    archive, launcher = build(args.out)
    print(f"wrote {archive} and {launcher}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
