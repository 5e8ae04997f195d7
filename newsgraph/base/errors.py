"""Exceptions that carry a message fit to show a user as is."""
from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: str(e) is a complete, user-facing sentence."""


class IngestError(NewsgraphError):
    """A raw file cannot become an article (empty, binary, too large...)."""


class BuildError(NewsgraphError):
    """The build as a whole cannot run (no input, registry broken, lock held...)."""


class CacheMissing(NewsgraphError):
    """No processed tables yet, or written under another schema version."""


class SettingError(NewsgraphError, ValueError):
    """An environment setting (NEWSGRAPH_*) holds a value that cannot be used."""


class SearchError(NewsgraphError):
    """A search cannot run: no index in the build, a query with no words, a damaged index file."""
