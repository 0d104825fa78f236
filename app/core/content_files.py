"""Reading the partnership's content files (content/): YAML that remembers its line numbers,
and SeedError, which names the file and line of a mistake.

Every loader (app/seeding.py runs them) reads its file through ``load_yaml`` and checks it
with ``require``, so a mistake anywhere stops the seed with the same kind of message.
"""

from pathlib import Path

import yaml


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


def write_yaml(path: Path | str, data) -> None:
    """Write ``data`` as a content file, keeping the comments the file starts with (what
    each key means), so an export reads like the file a person wrote."""
    path = Path(path)
    header = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or (header and not line.strip()):
                header.append(line)
                continue
            break
    while header and not header[-1].strip():
        header.pop()
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(("\n".join(header) + "\n\n" if header else "") + body, encoding="utf-8")
_parsed: dict[Path, tuple[float, object]] = {}


def parsed_when_changed(path: Path | str, parse):
    """``parse(path)``, kept and read again only when the file changes: content files are
    read on every request that needs them, and edited by hand between deploys."""
    path = Path(path)
    mtime = path.stat().st_mtime
    cached = _parsed.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, parse(path))
        _parsed[path] = cached
    return cached[1]
