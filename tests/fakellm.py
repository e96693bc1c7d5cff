"""Small LLM servers on loopback that speak the real wire protocols, for the tests.

``openai``: POST /v1/chat/completions, JSON or ``stream: true`` server-sent events
ending in ``data: [DONE]``. ``ollama``: POST /api/chat, JSON or NDJSON lines.
What they answer is ``server.reply(messages)``, which each test sets; every
request body is kept in ``server.requests``.
"""

from __future__ import annotations

import json
import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator


def passages_of(messages: list[dict]) -> dict[int, str]:
    """The numbered sentences of the excerpts of the question asked (the last user message), as the model sees them."""
    user = [m["content"] for m in messages if m["role"] == "user"][-1]
    shown = " ".join(re.findall(r"<excerpt[^>]*>\n(.*?)\n</excerpt>", user, re.S))
    return {int(n): text.strip(" …") for n, text in re.findall(r"\[(\d+)\] (.*?)(?= …| \[\d+\] |$)", shown)}


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def quote_passage_one_then_invent(messages: list[dict]) -> str:
    """What a model might write: a true sentence from passage [1], then one from its own memory."""
    n, text = next(iter(passages_of(messages).items()))
    return f"{first_sentence(text.lstrip('… '))} [{n}] It was painted blue by Queen Victoria in 1840 [{n}]."


def pieces(text: str) -> list[str]:
    """``text`` cut in word-sized pieces, as a model streams it."""
    return re.findall(r"\S+\s*", text)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        server = self.server
        server.requests.append({"path": self.path, "body": body})
        if self.path.rstrip("/").endswith("/chat/completions") and server.kind == "openai":
            self._openai(body)
        elif self.path == "/api/chat" and server.kind == "ollama":
            self._ollama(body)
        else:
            self._send(404, "application/json", json.dumps({"error": f"no route {self.path}"}).encode())

    def _send(self, status: int, ctype: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunked(self, ctype: str, lines: Iterator[bytes]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for line in lines:
            self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def _openai(self, body: dict) -> None:
        text = self.server.reply(body["messages"])
        base = {"id": "chatcmpl-1", "created": 0, "model": body["model"]}
        if not body.get("stream"):
            data = {**base, "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            return self._send(200, "application/json", json.dumps(data).encode())

        def events() -> Iterator[bytes]:
            for piece in pieces(text):
                chunk = {**base, "object": "chat.completion.chunk",
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                yield f"data: {json.dumps(chunk)}\n\n".encode()
            end = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            yield f"data: {json.dumps(end)}\n\n".encode()
            yield b"data: [DONE]\n\n"

        self._chunked("text/event-stream", events())

    def _ollama(self, body: dict) -> None:
        text = self.server.reply(body["messages"])
        base = {"model": body["model"], "created_at": "2025-01-01T00:00:00Z"}
        done = {**base, "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
                "prompt_eval_count": 1, "eval_count": 1}
        if not body.get("stream", True):
            data = {**done, "message": {"role": "assistant", "content": text}}
            return self._send(200, "application/json", json.dumps(data).encode())

        def lines() -> Iterator[bytes]:
            for piece in pieces(text):
                yield (json.dumps({**base, "message": {"role": "assistant", "content": piece}, "done": False}) + "\n").encode()
            yield (json.dumps(done) + "\n").encode()

        self._chunked("application/x-ndjson", lines())


@contextmanager
def serve(kind: str, reply: Callable[[list[dict]], str]):
    """A fake ``kind`` ("openai" or "ollama") server on 127.0.0.1; yields it (``server.url`` is its base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.kind, server.reply, server.requests = kind, reply, []
    host, port = server.server_address[:2]
    server.url = f"http://{host}:{port}" + ("/v1" if kind == "openai" else "")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
