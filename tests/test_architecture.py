"""The layout holds: packages import only downward, domain packages never touch a Flask
request, and no module or function grows past what a reader can hold (docs/architecture.md).

Imports are read with ``ast`` from the source, so a lazy import inside a function counts
the same as one at the top of a module.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

# Lowest first. A module may import its own package and any package on a lower layer;
# packages on the same layer (reporting, pages) do not import each other. The wiring at
# the top of app/ comes last: seeding runs every loader, cli every command, and
# create_app (app/__init__.py) puts it all together.
LAYERS = [
    {"config", "extensions"},
    {"core"},
    {"partnership"},
    {"staff"},
    {"reporting", "pages"},
    {"inbox"},
    {"casework"},
    {"figures", "open311"},
    {"web"},
    {"routes"},
    {"seeding"},
    {"cli"},
    {"__init__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
DOMAIN = {"core", "partnership", "staff", "reporting", "pages", "inbox", "casework",
          "figures", "open311"}
REQUEST_NAMES = {"request", "session", "g", "current_app"}
TOP_LEVEL_ALLOWED = {"__init__.py", "config.py", "extensions.py", "cli.py", "seeding.py"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def area(path: Path) -> str:
    """The package (or top-level module) a file of app/ belongs to."""
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else path.stem


def imported_areas(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "app":
                names = [f"app.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def upward_imports() -> list[str]:
    problems = []
    for path in modules():
        here = area(path)
        for line, there in imported_areas(ast.parse(path.read_text())):
            if there != here and RANK[there] >= RANK[here]:
                problems.append(f"{path.relative_to(APP.parent)}:{line}: {here} imports {there}")
    return problems


def test_every_package_has_a_layer():
    assert {area(path) for path in modules()} <= set(RANK)


def test_no_import_runs_from_a_lower_layer_to_a_higher_one():
    assert upward_imports() == []


def test_blueprints_do_not_import_each_other():
    problems = []
    for path in (APP / "routes").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.routes."):
                problems.append(f"{path.name}:{node.lineno}")
            if (isinstance(node, ast.ImportFrom) and node.module == "app.routes"
                    and path.name != "__init__.py"):
                problems.append(f"{path.name}:{node.lineno}")
    assert problems == []


def test_domain_packages_never_touch_a_flask_request():
    """Configuration comes in as arguments; the request belongs to app/web and app/routes."""
    problems = []
    for path in modules():
        if area(path) not in DOMAIN:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask.globals"):
                used = {alias.name for alias in node.names} & REQUEST_NAMES
                if used:
                    problems.append(f"{path.relative_to(APP.parent)}:{node.lineno}: {used}")
    assert problems == []


def test_app_holds_only_packages_and_the_wiring():
    assert {path.name for path in APP.glob("*.py")} == TOP_LEVEL_ALLOWED


def test_one_clock_read_through_its_module():
    """``from app.core.clock import current_time`` would keep the real clock when a test
    moves it; ``datetime.now`` would be a second clock."""
    problems = []
    for path in modules():
        if path == APP / "core" / "clock.py":
            continue
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.ImportFrom) and node.module == "app.core.clock"
                    and any(alias.name == "current_time" for alias in node.names)):
                problems.append(f"{path.name}:{node.lineno}: imports current_time by name")
            if (isinstance(node, ast.Attribute) and node.attr in ("now", "utcnow", "today")
                    and isinstance(node.value, ast.Name)
                    and node.value.id in ("datetime", "date")):
                problems.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert problems == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(APP)))
def test_modules_and_functions_stay_short(path):
    lines = path.read_text().count("\n")
    assert lines <= MAX_MODULE_LINES, f"{lines} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule is not vacuous: a lower module importing a higher one is reported."""
    tree = ast.parse("from app.web.auth import requires\nfrom app import routes\n")
    assert [there for _, there in imported_areas(tree)] == ["web", "routes"]
    assert RANK["web"] > RANK["core"] and RANK["routes"] > RANK["inbox"]
