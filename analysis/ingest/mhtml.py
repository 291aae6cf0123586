"""Web archives (MHTML: a browser's "save as single file", ``.mhtml`` / ``.mht``): the page
they hold, read with the standard library's MIME parser, as the HTML reader takes it."""

from __future__ import annotations

import email
import email.policy
import re
from email.utils import parsedate_to_datetime

from analysis.errors import InputError
from analysis.ingest.page_meta import saved_date_note, saved_from_note

# the archive's own headers come first: a MIME version, and a multipart/related body
_HEAD = re.compile(r"\A(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){1,40}", re.I)


def is_mhtml(text: str) -> bool:
    """A MIME web archive: MIME headers at the top, declaring a multipart/related body."""
    head = text[:4000].replace("\r\n", "\n")
    headers = _HEAD.match(head)
    block = headers.group(0).lower() if headers else ""
    return "mime-version:" in block and "multipart/related" in block


def page_of_mhtml(text: str, where: str) -> str:
    """The HTML page a web archive holds (its first text/html part, decoded), with where
    and when it was saved written into it as the HTML reader looks for them: a "saved
    from url" comment (the page's own URL) and a saved-date comment. Raises InputError
    naming the file when the archive holds no page."""
    archive = email.message_from_string(text, policy=email.policy.default)
    page = next((p for p in archive.walk() if p.get_content_type() == "text/html"), None)
    if page is None:
        msg = f"{where}: a web archive (MHTML) with no HTML page in it"
        raise InputError(msg)
    try:
        html = page.get_content()
    except (LookupError, ValueError) as exc:  # an unknown charset, a broken encoding
        msg = f"{where}: the web archive's page cannot be decoded ({exc})"
        raise InputError(msg) from exc
    notes = []
    url = archive.get("Snapshot-Content-Location") or page.get("Content-Location")
    if url and re.match(r"https?://\S+$", url.strip()):
        url = url.strip()
        notes.append(saved_from_note(url))
    try:
        saved = parsedate_to_datetime(archive["Date"]) if archive.get("Date") else None
    except (TypeError, ValueError):
        saved = None
    if saved is not None:
        notes.append(saved_date_note(saved.date().isoformat()))
    return "\n".join([*notes, html])
