"""The code's shape: public library APIs only, layers that point one way, no import circles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

PRODUCT_CODE = sorted(
    [
        PROJECT_ROOT / "dashboard.py",
        *(PROJECT_ROOT / "analysis").rglob("*.py"),
        *(PROJECT_ROOT / "app_ui").rglob("*.py"),
        *(PROJECT_ROOT / "app_pages").rglob("*.py"),
        *(PROJECT_ROOT / "scripts").rglob("*.py"),
        *(PROJECT_ROOT / "benchmarks").rglob("*.py"),
    ]
)
# The only Streamlit modules besides `streamlit` itself that the product may import: documented ones.
PUBLIC_STREAMLIT_MODULES = {
    "streamlit",
    "streamlit.testing.v1",
    "streamlit.errors",
    "streamlit.components.v1",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def private_attribute_uses(path: Path) -> list[str]:
    """`x._name` where `_name` belongs to something else: a library's private attribute.

    `self._name` / `cls._name` and names the file itself defines (its own classes' attributes) are fine.
    """
    tree = parsed(path)
    own = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    } | {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
        ):
            continue
        if (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}) or node.attr in own:
            continue
        found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def imported_modules(path: Path, *, top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, module) of every import that runs (those for type checkers only are left out); with
    `top_level_only`, those that run when the module loads."""
    tree = parsed(path)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        for inner in ast.walk(node)
    }
    nodes = tree.body if top_level_only else [node for node in ast.walk(tree) if id(node) not in type_only]
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_no_private_attribute_of_streamlit_kaleido_or_any_other_library_is_used() -> None:
    uses = [use for path in PRODUCT_CODE for use in private_attribute_uses(path)]
    assert uses == []


def test_streamlit_is_used_through_its_documented_modules_only() -> None:
    imports = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}"
        for path in PRODUCT_CODE
        for line, module in imported_modules(path)
        if module.startswith("streamlit.")
        and not any(
            module == allowed or module.startswith(allowed + ".") for allowed in PUBLIC_STREAMLIT_MODULES
        )
        and module.rsplit(".", 1)[0] not in PUBLIC_STREAMLIT_MODULES
    ]
    assert imports == []


@pytest.mark.parametrize(
    ("layer", "must_not_import"),
    [
        ("analysis", ("streamlit", "app_ui", "app_pages", "dashboard", "benchmarks", "tests")),
        ("app_ui", ("app_pages", "dashboard", "benchmarks", "tests")),
        ("app_pages", ("dashboard", "benchmarks", "tests")),
        ("benchmarks", ("app_ui", "app_pages", "dashboard", "tests")),
    ],
)
def test_layers_point_one_way(layer: str, must_not_import: tuple[str, ...]) -> None:
    wrong = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}"
        for path in PRODUCT_CODE
        if module_name(path).split(".")[0] == layer
        for line, module in imported_modules(path)
        if module.split(".")[0] in must_not_import
    ]
    assert wrong == []


def test_no_import_circle_among_the_products_modules() -> None:
    modules = {module_name(path): path for path in PRODUCT_CODE}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for _, module in imported_modules(path):
            while module and module not in modules:
                module = module.rpartition(".")[0]
            if module and module != name and not name.startswith(module + "."):
                targets.add(module)
        graph[name] = targets
    circles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_no_work_plan_words_in_the_code() -> None:
    """Names say what a thing is (access, backups, limits), not which piece of work brought it."""
    pattern = re.compile(r"\b(Trust|issue \d+|Issue \d+)\b")
    hits = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in PRODUCT_CODE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


def test_every_import_of_the_products_own_modules_names_one_that_exists() -> None:
    """mypy is told to ignore missing imports (for libraries without types), so this catches a moved module."""
    modules = {module_name(path) for path in PRODUCT_CODE}
    packages = {name.rpartition(".")[0] for name in modules}
    own_roots = {"analysis", "app_ui", "app_pages", "pages", "dashboard", "benchmarks"}
    missing = []
    for path in PRODUCT_CODE:
        for line, module in imported_modules(path):
            if module.split(".")[0] not in own_roots:
                continue
            parent = module.rpartition(".")[0]
            if module not in modules and module not in packages and parent not in modules:
                missing.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}")
    assert missing == []
