"""The layout's rules, checked on the source: one-way layers, no import cycles (imports
inside functions included), no UI in ``analysis/``, a light ``analysis.settings``, few
formatter opt-outs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# lowest first: a module may import its own layer or a lower one, never a higher one
LAYERS = [
    ["analysis.errors", "analysis.settings", "analysis.schema", "analysis.text", "analysis.ids"],
    ["analysis.measures"],
    ["analysis.labels", "analysis.ingest", "analysis.nlp"],
    ["analysis.scoring"],
    ["analysis.store"],
    ["analysis.collection", "analysis.charts"],
    ["analysis.views"],
    ["analysis.cli", "analysis.benchmark", "analysis.__main__", "analysis"],
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: str) -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / package).rglob("*.py"))}


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every project module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules("analysis") | _modules("dashboard")
    known = set(mods)
    return {m: _imports(p, known) - {m} for m, p in mods.items()}


def _layer(module: str) -> int:
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    return rank


def test_every_analysis_module_has_a_layer():
    assert [m for m in _modules("analysis") if _layer(m) < 0] == []


def test_analysis_never_imports_the_dashboard():
    graph = _graph()
    bad = {m: sorted(d for d in deps if d.startswith("dashboard")) for m, deps in graph.items()}
    assert {m: d for m, d in bad.items() if m.startswith("analysis") and d} == {}


def test_imports_point_down_the_layers():
    graph = _graph()
    upward = [
        f"{m} -> {d}"
        for m, deps in graph.items()
        if m.startswith("analysis") and m != "analysis"
        for d in deps
        if d != "analysis" and _layer(d) > _layer(m)
    ]
    assert upward == []


def test_no_import_cycles():
    graph = _graph()
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep == "analysis" or dep == "dashboard":
                continue  # the packages' lazy __init__ re-exports
            if seen.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [node, dep])
            elif dep not in seen:
                visit(dep, [*path, dep])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    assert cycles == []


def test_the_scoring_pipeline_never_imports_the_engines():
    assert "analysis.scoring.engines" not in _graph()["analysis.scoring.pipeline"]


def test_charts_do_not_import_views():
    graph = _graph()
    assert [
        d
        for m in graph
        if m.startswith("analysis.charts")
        for d in graph[m]
        if d.startswith("analysis.views")
    ] == []


def test_settings_import_is_light_and_the_api_is_lazy():
    code = (
        "import sys, analysis.settings, analysis; "
        "print('pandas' in sys.modules, 'analysis.ingest.corpus' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_public_api_scores_texts():
    import analysis

    scores = analysis.score_texts(["A gorgeous, moving film.", "Dull and far too long."])
    assert scores["label"].tolist() == ["positive", "negative"]
    assert set(analysis.__all__) >= {"load_corpus", "score_corpus", "score_texts", "Store"}
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = analysis.nope


def test_few_formatter_opt_outs_each_with_a_reason():
    mark = "# fmt" + ":"  # spelt apart so that this file holds no opt-out itself
    skips = [
        (p, line)
        for folder in ("analysis", "dashboard", "tests")
        for p in (ROOT / folder).rglob("*.py")
        for line in p.read_text().splitlines()
        if mark in line
    ]
    assert len(skips) <= 20
    assert [s for s in skips if f"{mark} skip -" not in s[1] and f"{mark} off -" not in s[1]] == []


def test_every_cached_function_says_what_it_is_doing():
    """A cached function left to Streamlit's default spinner shows its Python name to the
    user ("Running `view(...)`"): each one says what it does in words, or shows nothing."""
    unsaid, cached = [], 0
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                call = deco if isinstance(deco, ast.Call) else None
                func = call.func if call else deco
                if isinstance(func, ast.Attribute) and func.attr in {
                    "cache_data",
                    "cache_resource",
                }:
                    cached += 1
                    said = {k.arg: k.value for k in call.keywords} if call else {}
                    spinner = said.get("show_spinner")
                    words = isinstance(spinner, ast.Constant) and (
                        spinner.value is False or isinstance(spinner.value, str)
                    )
                    if not words:
                        unsaid.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert unsaid == []
    assert cached >= 10  # the dashboard's caches were all looked at
