"""Errors of the knowledge base. Each message is one clear line a user can act on (the CLI prints it as is)."""

from __future__ import annotations


class KnowledgeBaseError(Exception):
    """Base class: a user-facing problem with sources or the index; never a bug."""


class IndexNotFound(KnowledgeBaseError):
    """No version has been published in the index directory."""


class EmbedderMismatch(KnowledgeBaseError):
    """The index was built with another embedder than the one opening it."""


class UnknownDocument(KnowledgeBaseError):
    """A doc_id that the live version does not contain."""


class CorruptIndex(KnowledgeBaseError):
    """Index files exist but cannot be read."""


class SyncInProgress(KnowledgeBaseError):
    """Another process holds the index's writer lock."""


class SourceNotFound(KnowledgeBaseError):
    """A sync source path does not exist."""


class IndexNotWritable(KnowledgeBaseError):
    """The index directory cannot be created or written."""
