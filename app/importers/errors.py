"""The one error every importer raises on bad input."""

from __future__ import annotations


class ImportFileError(Exception):
    """A file that cannot be imported, with where and why, ready to show to a user.

    ``message`` is a lazy translatable string (``flask_babel.lazy_gettext``), so it
    renders in the reader's language; ``file`` names the uploaded file (or the
    member inside an archive, as ``archive.zip/folder/Positions.csv``); ``line``
    (1-based, CSV) or ``path`` (JSON, as ``work[2].startDate``) say where.
    """

    def __init__(
        self,
        message: object,
        *,
        file: str = "",
        line: int | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.path = path
        super().__init__(self.describe())

    def describe(self) -> str:
        """One sentence naming the file, the place and the problem."""
        where = self.file
        if self.line is not None:
            where = f"{where}, line {self.line}" if where else f"line {self.line}"
        if self.path:
            where = f"{where}, {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else str(self.message)

    def located(self, file: str) -> ImportFileError:
        """The same error, with the file name filled in when it was not known."""
        if not self.file:
            self.file = file
            self.args = (self.describe(),)
        return self
