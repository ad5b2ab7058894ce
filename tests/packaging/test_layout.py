"""Every folder that is a Python package is listed in pyproject.toml, so `pip install .` ships all of it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = config["package-dir"]
    listed = set(config["packages"])
    expected = set()
    for name, folder in mapping.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            if "node_modules" in init.parts:
                continue
            rel = init.parent.relative_to(base)
            expected.add(".".join([name, *rel.parts]) if rel.parts else name)
    assert expected <= listed, f"add to [tool.setuptools] packages: {sorted(expected - listed)}"


def test_runtime_never_imports_training_or_eval():
    offenders = []
    for path in (ROOT / "runtime").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if not stripped.startswith(("import ", "from ")):
                continue
            words = stripped.replace(",", " ").split()
            module = words[1]
            if module.split(".")[0] in {"sklearn", "skl2onnx", "datasets", "scipy", "pickle", "joblib"} or (
                module.startswith(("groomguard.training", "groomguard.eval"))
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert not offenders, offenders
