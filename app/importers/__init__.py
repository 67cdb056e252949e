"""Parsers that turn uploaded files into plain records, without touching the database.

``linkedin`` (the "Get a copy of your data" export), ``jsonresume`` (JSON Resume, in
and out) and ``connections`` (a recruiter's ``Connections.csv``) each return the
records of ``records`` or raise :class:`~app.importers.errors.ImportFileError`;
``archive`` opens uploads safely. Storing records is the services' job
(``app.services.profiles``, ``app.services.imports``, ``app.services.prospects``).
"""
