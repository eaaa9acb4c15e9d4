"""How a run tells a person what it is doing: status lines, progress, notes and warnings.

Kept apart from the pipeline so that the command line can subclass it without loading
the pipeline before a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

__all__ = ["Reporter"]


class Reporter:
    """How a run tells a person what it is doing; the default says nothing.

    The command line passes one that draws status lines and progress bars.
    """

    def status(self, text: str) -> AbstractContextManager:
        """A long step with no count (reading, clustering, writing)."""
        return nullcontext()

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator[Callable[[int], None]]:
        """A long step of ``total`` units; yields the function that advances it."""
        yield lambda k: None

    def note(self, text: str) -> None:
        """Something the user should know that does not stop the run."""

    def warn(self, text: str) -> None:
        """Something that may change the results (also in the manifest's ``warnings``)."""
