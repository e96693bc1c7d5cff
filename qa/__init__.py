"""citeqa: answers about your documents, every sentence cited, offline.

Example:
    >>> from qa import Assistant
    >>> assistant = Assistant(data_dir="/tmp/qa-demo")              # doctest: +SKIP
    >>> assistant.ingest(["../shared/corpus"])                     # doctest: +SKIP
    >>> print(assistant.ask("Who ordered the suspension?").text)   # doctest: +SKIP
"""

from .answer import Answer, AnswerSentence
from .assistant import Assistant
from .chat import ChatSession
from .cite import Citation, Passage
from .errors import DocumentError, GeneratorError, InputError, QAError, SettingsError, StoreBusyError, StoreError
from .ingest import FileResult, IngestReport
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "AnswerSentence",
    "Assistant",
    "ChatSession",
    "Citation",
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
    "__version__",
]
