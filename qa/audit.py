"""Re-checking an answer's audit record against the documents it cites.

An audit record (:meth:`qa.Answer.audit`, ``qa ask --audit``) names, for each
citation, the document, the version of its text (sha256), and the quote's
character span in that text. :func:`check` reads each document again, as
ingest reads it, and says what no longer holds: a document that is gone, one
whose text changed since, or a quote that is not at its recorded offsets.

Example:
    >>> check({"citations": []})
    []
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .errors import DocumentError
from .read import Document, read_document


def check(record: dict, read: Callable[[Path], Document] = read_document) -> list[str]:
    """What in ``record`` no longer holds, one line each; empty when every cited span is where it says."""
    problems = []
    documents: dict[str, Document | str] = {}
    for cite in record.get("citations", []):
        source = str(cite["source"])
        if source not in documents:
            try:
                documents[source] = read(Path(source))
            except DocumentError as exc:
                documents[source] = str(exc)
        doc = documents[source]
        name = Path(source).name
        if isinstance(doc, str):
            problems.append(f"[{cite['n']}] {name}: cannot be read again ({doc})")
            continue
        if not cite.get("document_sha256"):
            problems.append(f"[{cite['n']}] {name}: the record names no document version (it was ingested before versions were recorded)")
        elif doc.sha256 != cite["document_sha256"]:
            problems.append(f"[{cite['n']}] {name}: the document changed since the answer (version {doc.sha256[:12]}, "
                            f"the record names {cite['document_sha256'][:12]})")
            continue
        if doc.text[cite["start"]: cite["end"]] != cite["quote"]:
            problems.append(f"[{cite['n']}] {name}: the quote is not at characters {cite['start']}-{cite['end']}")
    return problems
