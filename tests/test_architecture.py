"""The house by pipeline stage: no module imports from a later stage than its own.

Function-level imports count too: a lazy import still ties the lower stage to the higher one."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

# Lowest first. A module may import from its own layer and the layers before it.
LAYERS = [
    ("shared", {"agent.settings", "agent.errors", "agent.answer", "agent.tokens", "agent.sounds", "agent.numbers",
                "agent.llm", "agent.prompts", "agent.cedict"}),
    ("storage", {"vectorstore"}),
    ("reader", {"agent.reader"}),
    ("transcripts", {"agent.transcripts"}),
    ("index", {"agent.index"}),
    ("answers", {"agent.answers"}),
    ("quotes", {"agent.quotes"}),
    ("briefings", {"agent.briefings"}),
    ("evals", {"agent.evals"}),
    ("service", {"agent.service", "agent.lc"}),
    ("ui", {"ui"}),
    ("cli", {"agent.cli", "agent.__main__", "agent"}),
]


def layer_of(module: str) -> int:
    """The layer of a dotted module name: its longest listed prefix."""
    best, rank = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    if rank is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {Path(__file__).name}")
    return rank


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    return imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def imports_of(source: str, name: str, is_package: bool = False) -> set[str]:
    """The project modules a module imports, resolved to absolute names (relative imports included)."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from pkg import mod` imports the module pkg.mod when there is one
            found |= {f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base for a in node.names}
    return {m for m in found if m.split(".")[0] in ("agent", "vectorstore", "ui")}


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


SOURCES = sorted(p for top in ("agent", "vectorstore", "ui") for p in (ROOT / top).rglob("*.py"))


def test_every_module_has_a_layer():
    for path in SOURCES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_from_a_later_stage(path):
    own = layer_of(module_name(path))
    upward = sorted(m for m in imported(path) if layer_of(m) > own)
    assert not upward, f"{module_name(path)} ({LAYERS[own][0]}) imports from later stages: {upward}"


@pytest.mark.parametrize("package", sorted(p.parent for p in (ROOT / "agent").glob("*/__init__.py")),
                         ids=lambda p: p.name)
def test_each_stage_says_what_enters_and_leaves(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "In:" in doc and "Out:" in doc, f"{package.name}/__init__.py should say what enters it and what leaves"


@pytest.mark.parametrize("source, upward", [
    ("from ..answers import qa", {"agent.answers.qa"}),
    ("def f():\n    from ..briefings.summarize import document", {"agent.briefings.summarize"}),
    ("import agent.evals.scoring", {"agent.evals.scoring"}),
    ("from . import sentences\nfrom .. import tokens", set()),
])
def test_the_check_sees_upward_imports(source, upward):
    """The rule can fail: imports a transcripts module must not make, lazy ones included, are caught."""
    own = layer_of("agent.transcripts")
    found = imports_of(source, "agent.transcripts.probe")
    assert {m for m in found if layer_of(m) > own} == upward
