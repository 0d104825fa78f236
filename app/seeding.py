"""Loading the partnership's content files (content/) into the database.

``flask seed`` runs every loader in LOADERS inside one transaction: a malformed file stops
the whole seed with a message naming the file and line, and nothing is half-loaded.
Loaders must be idempotent: running the seed twice changes nothing.
"""

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import yaml

from app.extensions import db

# "module:function" names, run in this order; each takes the content directory (a Path).
LOADERS = [
    "app.teams:load_teams",
    "app.teams:load_partners",
    "app.help_directory:load_help_services",
    "app.pages:load_pages",
    "app.routing_rules:load_routing_rules",
    "app.triage:check_risk_file",
    "app.figures.definitions:check_files",
]


class SeedError(Exception):
    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{self.path}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: {message}")


class LineDict(dict):
    """A YAML mapping that remembers the line it started on (1-based), and each key's."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        """The line of ``key`` (the mapping's own line if the key is not there)."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {
        key_node.value: key_node.start_mark.line + 1
        for key_node, _ in node.value if isinstance(key_node, yaml.ScalarNode)
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path | str, text: str | None = None):
    """Parse YAML; mappings become LineDicts; syntax errors become SeedErrors with a line."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
        return yaml.load(source, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SeedError(path, mark.line + 1 if mark else None, str(error.problem)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(path, None, str(error)) from error


def require(item: dict, key: str, path: Path, kind: type | tuple = str):
    """Fetch a required key from a YAML mapping or fail naming the file and line."""
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        raise SeedError(path, line, f"expected a mapping, found {type(item).__name__}")
    if key not in item or item[key] in (None, ""):
        raise SeedError(path, line, f"'{key}' is missing")
    if not isinstance(item[key], kind):
        raise SeedError(path, line, f"'{key}' should be {getattr(kind, '__name__', kind)}")
    return item[key]


def _resolve(name: str) -> Callable[[Path], None]:
    module, function = name.split(":")
    return getattr(import_module(module), function)


def seed_all(content_dir: Path | str) -> None:
    content_dir = Path(content_dir)
    try:
        for name in LOADERS:
            _resolve(name)(content_dir)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
