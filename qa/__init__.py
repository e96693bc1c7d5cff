"""citeqa: answers about your documents, every sentence cited, offline.

Example:
    >>> from qa import Assistant
    >>> assistant = Assistant(data_dir="/tmp/qa-demo")              # doctest: +SKIP
    >>> assistant.ingest(["../shared/corpus"])                     # doctest: +SKIP
    >>> print(assistant.ask("Who ordered the suspension?").text)   # doctest: +SKIP
"""

from .assistant import Assistant, ChatSession
from .conversation import Conversation, Turn
from .errors import DocumentError, GeneratorError, InputError, QAError, SettingsError, StoreBusyError, StoreError
from .ingest import FileResult, IngestReport
from .read import SUFFIXES as SUPPORTED_FORMATS
from .settings import Settings
from .types import Answer, AnswerSentence, Citation, Passage

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "AnswerSentence",
    "Assistant",
    "ChatSession",
    "Citation",
    "Conversation",
    "DocumentError",
    "FileResult",
    "GeneratorError",
    "IngestReport",
    "InputError",
    "Passage",
    "QAError",
    "Settings",
    "SettingsError",
    "StoreBusyError",
    "StoreError",
    "SUPPORTED_FORMATS",
    "Turn",
    "__version__",
]
