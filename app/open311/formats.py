"""GeoReport v2's two formats. XML is what the spec requires; JSON the same data.

The XML is written the way mySociety's open311-adapter writes it (the expected outputs in
its tests are ours too): a declaration, two-space indents, the fields of each element in
alphabetical order, empty fields as an empty element, ``true``/``false`` for booleans. A
list is an element holding one element per item, named for what the list holds.

Incoming XML (a case system's status updates) is parsed with defusedxml only: entity
expansion, external entities and DTDs are refused, so a hostile document cannot exhaust
memory or read files.
"""

import json
import re
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

ITEM_NAMES = {"services": "service", "service_requests": "request", "attributes": "attribute",
              "values": "value", "errors": "error", "endpoints": "endpoint",
              "formats": "format", "service_requests_updates": "request_update",
              "service_request_updates": "request_update"}
# Where the adapter's outputs do not sort a record's fields (a list value: name, then key).
FIELD_ORDER = {"value": ("name", "key")}
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json"}


class UnreadableXML(ValueError):
    pass


# Characters XML 1.0 cannot carry at all, even escaped: left out so the document parses.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(NOT_IN_XML.sub("", str(value)))


def _element(name: str, value, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(value, dict):
        lines = [f"{pad}<{name}>"]
        order = FIELD_ORDER.get(name)
        for key in sorted(value, key=lambda k: (order.index(k) if order and k in order
                                               else len(order or ()), k)):
            lines += _element(key, value[key], depth + 1)
        return [*lines, f"{pad}</{name}>"]
    if isinstance(value, list):
        item = ITEM_NAMES.get(name, "item")
        lines = [f"{pad}<{name}>"]
        for entry in value:
            lines += _element(item, entry, depth + 1)
        return [*lines, f"{pad}</{name}>"]
    return [f"{pad}<{name}>{_text(value)}</{name}>"]


def to_xml(root: str, value) -> str:
    return "\n".join(['<?xml version="1.0" encoding="utf-8"?>',
                      *_element(root, value, 0)]) + "\n"


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(fmt: str, root: str, value) -> str:
    """``value`` in the format asked for; ``root`` names the XML document element."""
    return to_xml(root, value) if fmt == "xml" else to_json(value)


def error_document(code: int, description: str) -> tuple[str, list]:
    return "errors", [{"code": code, "description": description}]


def parse_list(text: bytes | str, item: str) -> list[dict[str, str]]:
    """The ``item`` elements of an XML document, each as {child name: text}."""
    try:
        root = ElementTree.fromstring(text, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise UnreadableXML(f"not readable XML: {error}") from error
    return [{child.tag: (child.text or "").strip() for child in element}
            for element in root.iter(item)]
