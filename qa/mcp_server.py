"""The documents as an MCP server (``qa mcp``): tools to search and ask, and the documents as resources.

Over stdio (a desktop client starts ``qa mcp``) or streamable HTTP (``qa mcp --transport http``,
on 127.0.0.1). Tools:

- ``ask(question, collection?)`` (``collection`` may join several with +: ``a+b``): the answer with its ``[n]`` markers, its citations (file,
  paragraph, the quoted sentence and its offsets), whether the documents don't answer, and
  its audit record (:meth:`qa.Answer.audit`);
- ``search(query, collection?, k?)``: the best passages, each citable (file, paragraph, text);
- ``list_documents(collection?)``: the stored documents.

Each stored document is a resource, ``document://<collection>/<file name>``, its text as stored.

Example (a client configuration)::

    {"mcpServers": {"citeqa": {"command": "qa", "args": ["mcp"]}}}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import QAError
from .serve import Service, audit, citations
from .settings import Settings

# The URI scheme of the document resources.
SCHEME = "document"


def _collection(service: Service, collection: str | None, several: bool = False) -> str:
    """The collection a tool reads (``several``: or collections joined with +); ValueError, a tool error, if there is none."""
    name = collection or service.settings.collection
    names = name.split("+") if several else [name]
    for one in names:
        if one not in service.collections():
            raise ValueError(f"no collection {one!r}; there are: {', '.join(service.collections())}")
    return name


def _text_of(assistant, source: str) -> str:
    """A document's text as stored: its chunks in order, a blank line apart."""
    chunks = sorted((c for c in assistant.keyword_index().chunks.values() if c.source == source), key=lambda c: (c.paragraph, c.part))
    return "\n\n".join(c.text for c in chunks)


def build(service: Service, host: str = "127.0.0.1", port: int = 8765):
    """The MCP server over ``service`` (FastMCP from the official ``mcp`` SDK)."""
    from mcp.server.fastmcp import FastMCP

    server = FastMCP("citeqa", instructions="Answers from the user's documents, every sentence cited; "
                     "says when the documents don't answer.", host=host, port=port, log_level="WARNING")

    @server.tool(structured_output=True)
    def ask(question: str, collection: str | None = None) -> dict[str, Any]:
        """Answer a question from the documents. The text carries [n] markers; each citation gives the
        file, the page (PDF, slides) and section (headings) where the document has them, the paragraph and the
        quoted sentence. `abstained` is true when the documents don't answer.
        `collection` names one collection, or several joined with + (a+b)."""
        try:
            answer = service.for_collection(_collection(service, collection, several=True)).ask(question)
        except QAError as exc:
            raise ValueError(str(exc)) from exc
        return {"text": answer.text, "abstained": answer.abstained, "citations": citations(answer), "audit": audit(answer)}

    @server.tool(structured_output=True)
    def search(query: str, collection: str | None = None, k: int = 5) -> dict[str, Any]:
        """The passages of the documents that best match `query`, best first, each with its file and paragraph.
        `collection` names one collection, or several joined with + (a+b)."""
        try:
            hits = service.for_collection(_collection(service, collection, several=True)).retrieve(query, k=max(1, min(int(k), 20)))
        except QAError as exc:
            raise ValueError(str(exc)) from exc
        return {"passages": [{"source": Path(h.chunk.source).name, "title": h.chunk.title, "paragraph": h.chunk.paragraph,
                              "page": h.chunk.page_at(0), "section": h.chunk.section,
                              "text": h.chunk.text, "score": round(h.score, 4), "chunk_id": h.chunk.id} for h in hits]}

    @server.tool(structured_output=True)
    def list_documents(collection: str | None = None) -> dict[str, Any]:
        """The documents stored in a collection (default: the configured one), with their titles."""
        name = _collection(service, collection)
        docs = service.for_collection(name).documents()
        return {"collection": name, "documents": [{"name": Path(d["source"]).name, "title": d["title"], "chunks": d["chunks"],
                                                   "uri": f"{SCHEME}://{name}/{Path(d['source']).name}"} for d in docs]}

    for name in service.collections():
        assistant = service.for_collection(name)
        try:
            documents = assistant.documents()
        except QAError:
            continue  # a collection that cannot be read now: its tools still say why
        for d in documents:
            _add_resource(server, assistant, name, d)
    return server


def _add_resource(server, assistant, collection: str, document: dict) -> None:
    source, file_name = document["source"], Path(document["source"]).name

    @server.resource(f"{SCHEME}://{collection}/{file_name}", name=file_name, description=document["title"], mime_type="text/plain")
    def read() -> str:
        return _text_of(assistant, source)


def run(settings: Settings, transport: str = "stdio", host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve over ``transport`` ("stdio" or "http") until the client goes or Ctrl-C."""
    server = build(Service(settings), host, port)
    server.run("streamable-http" if transport == "http" else "stdio")
