"""What a fresh install needs: every package the library imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import PackageNotFoundError, packages_distributions, requires

import pytest

from .conftest import ROOT

tomllib = pytest.importorskip("tomllib")


def _dist_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirement: str) -> set[str]:
    """The distribution a requirement names, and those its extras bring ("dask[distributed]")."""
    names = {_dist_name(requirement)}
    extras = re.match(r"[^\[]*\[([^\]]*)\]", requirement)
    if extras:
        try:
            theirs = requires(_dist_name(requirement)) or []
        except PackageNotFoundError:
            theirs = []
        for extra in extras.group(1).split(","):
            names |= {_dist_name(r) for r in theirs if re.search(rf"extra == ['\"]{extra.strip()}['\"]", r)}
    return names


def test_every_imported_package_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    declared = {name for r in requirements for name in _declared(r)}
    distributions = packages_distributions()
    undeclared = {}
    for path in sorted((ROOT / "src" / "pressextract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("__future__", "pressextract"):
                    continue
                dists = {_dist_name(d) for d in distributions.get(top, [top])}
                if not dists & declared:
                    undeclared.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
