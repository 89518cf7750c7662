"""The dependency rules of DESIGN.md, checked by reading every module's imports.

Floors, bottom up: ``pantau`` (the Article model, settings, URLs: the core) → ``nlp`` →
``search_api`` (store, query, digests, app) and ``crawler`` → ``pantau_cli`` (the ``pantau``
command, the top). ``samplesite`` (the bundled sample news site) stands apart; only the command
and the tests use it. An import that runs against these rules fails here with the module and the
line, before it can become a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("pantau", "nlp", "crawler", "search_api", "pantau_cli", "samplesite")


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (absolute)
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports_of(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # relative: resolve against the importing package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if path.name == "__init__.py" else 0)]
                target = ".".join([*base, node.module])
            else:
                target = node.module
            yield Import(module, target, node.lineno)
            # ``from package import module`` imports the submodule too.
            for alias in node.names:
                yield Import(module, f"{target}.{alias.name}", node.lineno)


@cache
def all_imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            found.extend(_imports_of(path))
    return tuple(found)


def _top(name: str) -> str:
    return name.split(".")[0]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_the_walker_sees_the_code() -> None:
    imports = all_imports()
    assert len(imports) > 500
    assert any(i.module == "search_api.app.main" and i.target == "fastapi" for i in imports)


# Which of our packages each package may import (itself always).
ALLOWED: dict[str, set[str]] = {
    "pantau": set(),
    "samplesite": set(),
    "nlp": {"pantau"},
    "crawler": {"pantau", "nlp", "search_api"},
    "search_api": {"pantau", "nlp"},
    "pantau_cli": {"pantau", "nlp", "crawler", "search_api", "samplesite"},
}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_the_floors_below(package: str) -> None:
    ours = set(PACKAGES)
    wrong = [
        str(i)
        for i in all_imports()
        if _top(i.module) == package
        and _top(i.target) in ours
        and _top(i.target) not in ALLOWED[package] | {package}
    ]
    assert wrong == []


def test_nlp_imports_only_the_model_of_the_core() -> None:
    wrong = [
        str(i)
        for i in all_imports()
        if _top(i.module) == "nlp"
        and _top(i.target) == "pantau"
        and not _within(i.target, "pantau.models")
    ]
    assert wrong == []


def test_the_crawler_never_imports_the_api_and_the_api_never_the_crawler() -> None:
    wrong = [
        str(i)
        for i in all_imports()
        if (_top(i.module) == "crawler" and _within(i.target, "search_api.app"))
        or (_top(i.module) == "search_api" and _top(i.target) == "crawler")
    ]
    assert wrong == []


def _closure(start: str) -> set[str]:
    """``start``'s package and every module of ours it reaches through imports."""
    ours = set(PACKAGES)
    edges: dict[str, set[str]] = {}
    for i in all_imports():
        if _top(i.target) in ours:
            edges.setdefault(i.module, set()).add(i.target)
    seen = {m for m in {i.module for i in all_imports()} if _within(m, start)}
    todo = list(seen)
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.mark.parametrize(
    "package", ["search_api.digests", "search_api.alerts", "search_api.store", "search_api.query"]
)
def test_below_the_app_nothing_reaches_the_web_framework(package: str) -> None:
    # The digests and alerts run in the scheduler and the CLI; the store and the query language
    # everywhere.
    reached = _closure(package)
    wrong = [
        str(i)
        for i in all_imports()
        if i.module in reached and _top(i.target) in {"fastapi", "starlette", "uvicorn"}
    ]
    assert wrong == []
    assert not any(_within(module, "search_api.app") for module in reached)


def test_routers_are_imported_only_by_the_app() -> None:
    wrong = [
        str(i)
        for i in all_imports()
        if _within(i.target, "search_api.app.routers")
        and i.module != "search_api.app.main"
        and not _within(i.module, "search_api.app.routers")
    ]
    assert wrong == []


def test_nothing_imports_the_command_but_the_command() -> None:
    wrong = [
        str(i)
        for i in all_imports()
        if _top(i.target) == "pantau_cli" and _top(i.module) != "pantau_cli"
    ]
    assert wrong == []
