"""``qa mcp``: the official MCP client starts it over stdio, and reaches it over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time

import pytest

from helpers import HOST, free_port, write_docs
from qa import Assistant

pytest.importorskip("mcp", reason="qa mcp needs the [mcp] extra")

QUESTION = "Who built the Brannock lighthouse?"


@pytest.fixture(scope="module")
def data(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("mcp")
    docs = write_docs(root / "docs")
    Assistant(data_dir=root / "data", embedder=embedder).ingest([docs / "lighthouse.txt"])
    Assistant(data_dir=root / "data", embedder=embedder, collection="bakery").ingest([docs / "notes"])
    return root / "data"


async def exercise(session) -> dict:
    """What a client sees: the tools, an answer, a search, the documents and one document's text."""
    import mcp.types

    await session.initialize()
    tools = sorted(t.name for t in (await session.list_tools()).tools)
    asked = await session.call_tool("ask", {"question": QUESTION})
    found = await session.call_tool("search", {"query": QUESTION, "k": 3})
    listed = await session.call_tool("list_documents", {})
    missing = await session.call_tool("ask", {"question": QUESTION, "collection": "nowhere"})
    chef = "Who was the first pastry chef of the Fenwick Street bakery?"
    alone = await session.call_tool("ask", {"question": chef})
    joined = await session.call_tool("ask", {"question": chef, "collection": "citeqa+bakery"})
    resources = sorted(str(r.uri) for r in (await session.list_resources()).resources)
    text = await session.read_resource(next(r for r in resources if r.endswith("lighthouse.txt")))
    content = text.contents[0]
    return {"tools": tools, "ask": asked.structuredContent, "search": found.structuredContent,
            "list": listed.structuredContent, "missing": (missing.isError, missing.content[0].text),
            "alone": alone.structuredContent, "joined": joined.structuredContent,
            "resources": resources, "text": content.text if isinstance(content, mcp.types.TextResourceContents) else None}


def check(seen: dict) -> None:
    assert seen["tools"] == ["ask", "list_documents", "search"]
    answer = seen["ask"]
    assert not answer["abstained"] and "[1]" in answer["text"]
    assert any("Oswin Hale" in c["quote"] for c in answer["citations"])
    assert all(c["source"] in ("lighthouse.txt", "bakery.md") and c["text"][c["start"]:c["end"]] == c["quote"] for c in answer["citations"])
    assert [c["quote"] for c in answer["audit"]["citations"]] == [c["quote"] for c in answer["citations"]]
    passages = seen["search"]["passages"]
    assert len(passages) == 3 and passages[0]["source"] == "lighthouse.txt" and "Oswin Hale" in " ".join(p["text"] for p in passages)
    assert sorted(d["name"] for d in seen["list"]["documents"]) == ["lighthouse.txt"]
    assert seen["missing"][0] and "no collection 'nowhere'" in seen["missing"][1]
    # The bakery is in its own collection: asked of both joined with +, the chef is found.
    assert not any("Nell Archer" in c["quote"] for c in seen["alone"]["citations"])
    assert any("Nell Archer" in c["quote"] for c in seen["joined"]["citations"])
    assert seen["resources"] == ["document://bakery/bakery.md", "document://citeqa/lighthouse.txt"]
    assert "Oswin Hale" in seen["text"]


@pytest.mark.slow
def test_over_stdio(data):
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def run() -> dict:
        params = StdioServerParameters(command=sys.executable, args=["-m", "qa.cli", "mcp", "--data-dir", str(data)],
                                       env=dict(os.environ))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                return await exercise(session)

    check(asyncio.run(asyncio.wait_for(run(), timeout=300)))


@pytest.mark.slow
def test_over_streamable_http(data):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "mcp", "--transport", "http", "--port", str(port), "--data-dir", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "qa mcp did not listen within 120 s"
            with socket.socket() as s:
                if s.connect_ex((HOST, port)) == 0:
                    break
            time.sleep(0.1)

        async def run() -> dict:
            async with streamable_http_client(f"http://{HOST}:{port}/mcp") as (read, write, _):
                async with ClientSession(read, write) as session:
                    return await exercise(session)

        check(asyncio.run(asyncio.wait_for(run(), timeout=300)))
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate(timeout=30)


def test_http_beyond_loopback_is_refused(tmp_path, capsys):
    from qa.cli import main

    assert main(["mcp", "--transport", "http", "--host", "0.0.0.0", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa: error: qa mcp serves on loopback only") and err.count("\n") == 1

