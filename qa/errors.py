"""The exceptions citeqa raises.

Every error the library raises on purpose derives from :class:`QAError`, so a
front end can catch that one class and show ``str(error)`` as a single line::

    QAError
    ├── SettingsError      a setting is missing or malformed
    ├── InputError         a question the engine will not take (empty, too long)
    ├── DocumentError      a file that cannot be read as a document
    │   └── NothingToReadError  one with no text of its own (empty, a redirect, navigation only)
    ├── StoreError         the vector store is unreachable, locked or inconsistent
    │   └── StoreBusyError another process is writing to the same store
    └── GeneratorError     the configured LLM is unreachable, missing or failed
"""


class QAError(Exception):
    """Base class of every error citeqa raises on purpose."""


class SettingsError(QAError):
    """A setting is missing or malformed."""


class InputError(QAError):
    """A question or argument the engine will not take."""


class DocumentError(QAError):
    """A file that cannot be read as a document; the message says why."""


class NothingToReadError(DocumentError):
    """A file with no text of its own: empty, a page that only redirects to another, or navigation only.

    Ingest skips it rather than failing it: a split manual has many such pages, and none is a fault.
    """


class StoreError(QAError):
    """The vector store is unreachable, locked or inconsistent."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock."""


class GeneratorError(QAError):
    """The configured LLM (``QA_LLM``) is unreachable, missing or failed; the message says which and how to fix it."""
