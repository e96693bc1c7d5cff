"""An OpenAI-compatible chat endpoint over the assistant (``qa serve``).

``POST /v1/chat/completions`` (streamed or not) and ``GET /v1/models``, one model per
collection (``citeqa/<collection>``; ``citeqa/<a>+<b>`` answers from several). Every chat client that speaks OpenAI's API can
ask the documents: the answer text carries the ``[n]`` markers and a sources footer
for clients that show only text, and the citations travel as data too, in the
response's ``citations`` field and in the last streamed chunk, with the answer's audit
record (``audit``: each quote's document version and character span, the scores that
chose it, what answered; see :meth:`qa.Answer.audit`). Earlier turns of
``messages`` make the conversation a follow-up is read in. With ``QA_API_KEYS`` set,
every request needs ``Authorization: Bearer <one of them>``; errors keep OpenAI's
shape (``{"error": {"message", "type", "param", "code"}}``).

Example:
    >>> from openai import OpenAI                                                # doctest: +SKIP
    >>> client = OpenAI(base_url="http://127.0.0.1:8000/v1", api_key="my-key")   # doctest: +SKIP
    >>> reply = client.chat.completions.create(model="citeqa/citeqa",           # doctest: +SKIP
    ...     messages=[{"role": "user", "content": "Who built it?"}])
    >>> print(reply.choices[0].message.content)                                 # doctest: +SKIP
    The lighthouse was built in 1871 by Oswin Hale. [1]
    <BLANKLINE>
    Sources:
    [1] lighthouse.txt ¶2: “The lighthouse was built in 1871 by Oswin Hale.”
"""

import contextlib
import hmac
import itertools
import json
import threading
import time
import uuid
from pathlib import Path
from typing import Iterable, Iterator

from .assistant import Assistant
from .errors import InputError, QAError, SettingsError
from .settings import Settings
from .types import Answer

# Models are named for the collection they answer from.
MODEL_PREFIX = "citeqa/"
# The addresses that reach this machine only: anywhere else, serving needs keys.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# The roles whose messages are the conversation; "system" and "tool" messages say nothing about the documents.
_SPEAKERS = ("user", "assistant")


def model_name(collection: str) -> str:
    return f"{MODEL_PREFIX}{collection}"


def footer(answer: Answer) -> str:
    """The sources under an answer, for clients that show only text: ``[n] file ¶p: “quote”``."""
    lines = [f"[{c.n}] {Path(c.source).name} {c.place}: “{' '.join(c.quote.split())}”" for c in answer.citations if c.supported]
    return "\n\nSources:\n" + "\n".join(lines) if lines else ""


def audit(answer: Answer) -> dict:
    """The answer's audit record (:meth:`qa.Answer.audit`), naming documents by file name, not by path on this machine."""
    return answer.audit(source=lambda path: Path(path).name)


def citations(answer: Answer) -> list[dict]:
    """The answer's citations as data, with the document's file name in place of its path on this machine."""
    return [{**c.to_dict(), "source": Path(c.source).name} for c in answer.citations if c.supported]


class OpenAIError(Exception):
    """An error to answer in OpenAI's shape."""

    def __init__(self, status: int, message: str, kind: str, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.kind, self.code, self.param = status, kind, code, param

    def body(self) -> dict:
        return {"error": {"message": str(self), "type": self.kind, "param": self.param, "code": self.code}}


def questions_of(messages: object) -> list[str]:
    """The user's questions in order, the last one the question to answer now."""
    if not isinstance(messages, list) or not messages:
        raise OpenAIError(400, "messages must be a non-empty list", "invalid_request_error", param="messages")
    asked = []
    for m in messages:
        if not isinstance(m, dict) or "role" not in m:
            raise OpenAIError(400, "each message needs a role and content", "invalid_request_error", param="messages")
        if m["role"] not in _SPEAKERS:
            continue
        content = m.get("content")
        if isinstance(content, list):  # the content-parts form: its text parts
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
        if not isinstance(content, str):
            raise OpenAIError(400, "a message's content must be text", "invalid_request_error", param="messages")
        if m["role"] == "user":
            asked.append(content)
    if not asked or messages[-1].get("role") != "user":
        raise OpenAIError(400, "the last message must be the user's question", "invalid_request_error", param="messages")
    return asked


class Service:
    """The assistants behind the endpoint, one per collection, sharing one encoder; safe to share between threads."""

    def __init__(self, settings: Settings, embedder=None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._assistants: dict[str, Assistant] = {}
        self._lock = threading.Lock()
        keys = settings.api_keys.get_secret_value() if settings.api_keys else ""
        self._keys = [k.strip() for k in keys.split(",") if k.strip()]

    @property
    def needs_keys(self) -> bool:
        return bool(self._keys)

    def collections(self) -> list[str]:
        """The store's collections (the configured one among them)."""
        return self.for_collection(self.settings.collection).collections()

    def authorize(self, header: str | None) -> None:
        if not self._keys:
            return
        scheme, _, token = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not any(hmac.compare_digest(token.strip(), k) for k in self._keys):
            raise OpenAIError(401, "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key")

    def assistant(self, model: object) -> Assistant:
        """The assistant of a model: ``citeqa/<collection>``, or ``citeqa/<a>+<b>`` to answer from several."""
        names = model[len(MODEL_PREFIX):].split("+") if isinstance(model, str) and model.startswith(MODEL_PREFIX) else [""]
        if not set(names) <= set(self.collections()):
            raise OpenAIError(404, f"The model `{model}` does not exist; GET /v1/models lists them (join collections with + "
                                   f"to ask several).", "invalid_request_error", code="model_not_found", param="model")
        return self.for_collection("+".join(names))

    def for_collection(self, collection: str) -> Assistant:
        """The assistant of ``collection`` (one of :meth:`collections`, or several joined with +), made on first use."""
        with self._lock:
            if collection not in self._assistants:
                first = next(iter(self._assistants.values()), None)
                embedder = self._embedder or (first.embedder if first else None)
                main, _, also = collection.partition("+")
                self._assistants[collection] = Assistant(self.settings, embedder=embedder, collection=main, also_ask=also)
            return self._assistants[collection]

    def stream(self, model: object, messages: object) -> Iterator[str | Answer]:
        """The answer to the last question, read in the light of the earlier ones: its text as it is
        upheld, then the :class:`Answer` (as :meth:`qa.Assistant.stream`).

        The earlier questions are asked again in order to rebuild the conversation: an
        extractive answer is the same each time, and it is what a follow-up is read with.
        """
        assistant = self.assistant(model)
        *earlier, question = questions_of(messages)
        conversation = assistant.conversation()
        for before in earlier[-self.settings.max_turns:]:
            conversation = conversation.then(assistant.ask(before, conversation))
        yield from assistant.stream(question, conversation)

    def answer(self, model: object, messages: object) -> Answer:
        """The answer to the last question, read in the light of the earlier ones."""
        return next(part for part in self.stream(model, messages) if isinstance(part, Answer))


def _last(parts: Iterator[str | Answer]) -> Answer:
    return next(part for part in parts if isinstance(part, Answer))


def completion(answer: Answer, model: str) -> dict:
    """A ``chat.completion`` object for ``answer``."""
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text + footer(answer)},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": citations(answer), "abstained": answer.abstained, "audit": audit(answer),
    }


def chunks(parts: Iterable[str | Answer], model: str) -> Iterator[str]:
    """An answer as server-sent ``chat.completion.chunk`` events: the role, the text as it is upheld,
    the sources footer, then a last chunk with the finish reason and the citations, then ``[DONE]``.

    ``parts`` is what :meth:`Service.stream` yields. With an LLM, each sentence is sent
    once verification has upheld it, so no sentence sent is later taken back. An error
    after the first event can no longer change the status: it is sent as an ``error`` event.
    """
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def event(delta: dict, finish: str | None = None, **extra) -> str:
        body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    try:
        for part in parts:
            if isinstance(part, str):
                yield event({"content": part})
                continue
            sources = footer(part)
            if sources:
                yield event({"content": sources})
            yield event({}, "stop", citations=citations(part), abstained=part.abstained, audit=audit(part))
    except QAError as exc:
        yield f"data: {json.dumps(OpenAIError(503, str(exc), 'server_error').body(), ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def build_app(service: Service):
    """The FastAPI app over ``service``.

    FastAPI reads the handlers' annotations to tell the request from query parameters, so
    this module does not defer its annotations (no ``from __future__ import annotations``).
    """
    from fastapi import FastAPI, Request
    from fastapi.concurrency import run_in_threadpool
    from fastapi.responses import JSONResponse, StreamingResponse

    app = FastAPI(title="citeqa", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(OpenAIError)
    async def openai_error(request: Request, exc: OpenAIError):  # noqa: ARG001
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.get("/v1/models")
    async def models(request: Request):
        service.authorize(request.headers.get("authorization"))
        return {"object": "list", "data": [{"id": model_name(c), "object": "model", "created": 0, "owned_by": "citeqa"}
                                           for c in service.collections()]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        service.authorize(request.headers.get("authorization"))
        try:
            body = await request.json()
        except ValueError as exc:
            raise OpenAIError(400, "the body is not JSON", "invalid_request_error") from exc
        if not isinstance(body, dict):
            raise OpenAIError(400, "the body must be a JSON object", "invalid_request_error")
        model = body.get("model")
        parts = service.stream(model, body.get("messages"))
        try:
            # Up to the first piece of text: a bad request or an unreachable store is still an HTTP status.
            first = await run_in_threadpool(next, parts)
            if not body.get("stream"):
                answer = first if isinstance(first, Answer) else await run_in_threadpool(_last, parts)
        except InputError as exc:
            raise OpenAIError(400, str(exc), "invalid_request_error", param="messages") from exc
        except QAError as exc:
            raise OpenAIError(503, str(exc), "server_error") from exc
        if body.get("stream"):
            return StreamingResponse(chunks(itertools.chain([first], parts), model), media_type="text/event-stream")
        return completion(answer, model)

    return app


@contextlib.contextmanager
def running(service: Service, host: str = "127.0.0.1", port: int = 8000, start_timeout: float = 60.0) -> Iterator[str]:
    """The endpoint served from a thread of this process while the block runs; yields its base URL.

    Example:
        >>> with running(Service(Settings.load()), port=8123) as url:   # doctest: +SKIP
        ...     print(url)
        http://127.0.0.1:8123/v1
    """
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(build_app(service), host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="qa-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise SettingsError(f"the endpoint did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the endpoint until interrupted; a non-loopback address needs ``QA_API_KEYS``."""
    import uvicorn

    import socket

    service = Service(settings)
    if host not in LOOPBACK and not service.needs_keys:
        raise SettingsError(f"serving on {host} lets others ask your documents: set QA_API_KEYS first")
    # uvicorn reports a taken port in its own words and exits; tried here, it is one OSError for the caller.
    with socket.create_server((host, port)):
        pass
    print(f"citeqa OpenAI-compatible endpoint on http://{host}:{port}/v1  (models: "
          f"{', '.join(model_name(c) for c in service.collections())}; Ctrl-C stops it)", flush=True)
    uvicorn.run(build_app(service), host=host, port=port, log_level="warning")
