"""citeqa: answers about your documents, every sentence cited, offline.

Example:
    >>> from qa import Assistant
    >>> assistant = Assistant(data_dir="/tmp/qa-demo")              # doctest: +SKIP
    >>> assistant.ingest(["../shared/corpus"])                     # doctest: +SKIP
    >>> print(assistant.ask("Who ordered the suspension?").text)   # doctest: +SKIP
"""

from .assistant import Assistant, ChatSession
from .conversation import Conversation, Turn
from .errors import (DocumentError, GeneratorError, InputError, NothingToReadError, QAError, SettingsError, StoreBusyError,
                     StoreError)
from .ingest import FileResult, IngestReport
from .read import SUFFIXES as SUPPORTED_FORMATS
from .read import Document, read_document
from .settings import Settings
from .types import Answer, AnswerSentence, Chunk, Citation, Passage, place
from .view import pdf_page, section_of

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "AnswerSentence",
    "Assistant",
    "ChatSession",
    "Chunk",
    "Citation",
    "Conversation",
    "Document",
    "DocumentError",
    "FileResult",
    "GeneratorError",
    "IngestReport",
    "InputError",
    "NothingToReadError",
    "Passage",
    "QAError",
    "Settings",
    "SettingsError",
    "StoreBusyError",
    "StoreError",
    "SUPPORTED_FORMATS",
    "Turn",
    "__version__",
    "pdf_page",
    "place",
    "read_document",
    "section_of",
]
