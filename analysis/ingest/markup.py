"""Small helpers for reading a saved page's markup with lxml's XPath: the readers of
critics' consensus, related titles and user reviews share them."""

from __future__ import annotations

import re


def has_class(name: str) -> str:
    """An XPath test for an element whose class list holds ``name`` (not just a prefix:
    ``rec_overview`` is not ``rec_overviews``)."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def first_text(nodes: list) -> str | None:
    """The whitespace-collapsed text of the first node (an element, or a string an XPath
    gave: an attribute's value), None when there is none or it is empty."""
    if not nodes:
        return None
    node = nodes[0]
    raw = node if isinstance(node, str) else node.text_content()
    text = re.sub(r"\s+", " ", raw).strip()
    return text or None
