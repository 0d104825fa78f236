"""Comparing two revisions of a page, field by field, so comms staff see what changed
before they restore an old one: the words line by line, the settings as plain text."""

import difflib
from dataclasses import dataclass, field

from app.pages.models import PageRevision


@dataclass
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class FieldDiff:
    """One field of two revisions: unchanged, or changed with the lines that differ
    (grouped into hunks with a little context, like ``diff -u``)."""

    label: str
    changed: bool
    hunks: list[list[DiffLine]] = field(default_factory=list)


SETTING_LABELS = {
    "exit_this_page": "Exit this page button",
    "runs_from": "Campaign starts",
    "runs_until": "Campaign ends",
    "help_tags": "Help directory needs",
    "video": "Video",
    "lead_image": "Lead image",
    "key_fact": "Key fact",
    "events": "Event dates",
    "action": "Main button",
}


def compare(old: PageRevision, new: PageRevision, context: int = 2) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field, in words a person can read."""
    fields = [
        ("Title", old.title, new.title),
        ("Summary", old.summary, new.summary),
    ]
    old_settings, new_settings = old.settings or {}, new.settings or {}
    for key in [*SETTING_LABELS, *sorted(set(old_settings) | set(new_settings))]:
        label = SETTING_LABELS.get(key, key)
        if any(label == f[0] for f in fields):
            continue
        fields.append((label, _setting_text(old_settings.get(key)),
                       _setting_text(new_settings.get(key))))
    fields.append(("Page text (markdown)", old.body_markdown, new.body_markdown))
    return [_field_diff(label, a, b, context) for label, a, b in fields]


def _setting_text(value) -> str:
    if value is None or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in sorted(value.items()))
    return str(value)


def _field_diff(label: str, old: str, new: str, context: int) -> FieldDiff:
    if old == new:
        return FieldDiff(label, changed=False)
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        lines = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", text) for text in a[i1:i2])
                continue
            lines.extend(DiffLine("removed", text) for text in a[i1:i2])
            lines.extend(DiffLine("added", text) for text in b[j1:j2])
        hunks.append(lines)
    return FieldDiff(label, changed=True, hunks=hunks)
