"""LinkedIn's "Get a copy of your data" export → one :class:`ProfileRecord`.

Only the fifteen profile sections of :data:`PROFILE_SECTIONS` are ever parsed;
:mod:`app.importers.archive` never even opens the other files (messages,
connections, ads…), which hold other people's data. Headers changed between
2018 and today (``Start Date`` → ``Started On``, ``Issue Date`` → ``Issued On``,
``Phone Numbers.csv`` → ``PhoneNumbers.csv``…): columns are found by name,
extra or missing columns are fine. From ``Profile.csv`` only names, headline,
summary, location and websites are read — never the birth date, address, zip
code, instant messengers or Twitter handles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import lazy_gettext as _l

from app.importers import linkedin_fields as fields
from app.importers.csvfile import Table, is_current, iter_values, one_line, parse_date, read_table
from app.importers.errors import ImportFileError
from app.importers.records import (
    CertificationRecord,
    EducationRecord,
    ExtraRecord,
    LanguageRecord,
    PositionRecord,
    ProfileRecord,
    VolunteeringRecord,
)
from app.importers.vocab import fluency_level, language_code, normalize_linkedin_url
from app.models.candidates import ExtraKind, Source

PROFILE_SECTIONS = (
    "Profile.csv",
    "Profile Summary.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Positions.csv",
    "Education.csv",
    "Skills.csv",
    "Languages.csv",
    "Certifications.csv",
    "Volunteering.csv",
    "Causes You Care About.csv",
    "Organizations.csv",
    "Honors.csv",
    "Projects.csv",
    "Courses.csv",
)


def _section_key(file_name: str) -> str:
    return file_name.lower().replace(" ", "").replace("_", "")


# "Phone Numbers.csv" (2018) and "PhoneNumbers.csv" (2022+) are the same section.
_SECTION_KEYS = {_section_key(name): name for name in PROFILE_SECTIONS}

# Every column LinkedIn has written in each section since 2018, as header keys.
# Columns listed here only help recognize the header; they are not all read.
COLUMNS: dict[str, frozenset[str]] = {
    name: frozenset(columns.split(","))
    for name, columns in {
        "Profile.csv": "first name,last name,maiden name,address,birth date,contact instructions,"
        "headline,summary,industry,country,zip code,geo location,twitter handles,websites,"
        "instant messengers,public profile url,profile url",
        "Profile Summary.csv": "profile summary",
        "Email Addresses.csv": "email address,confirmed,primary,updated on",
        "PhoneNumbers.csv": "extension,number,type",
        "Positions.csv": "company name,title,description,location,started on,finished on",
        "Education.csv": "school name,start date,end date,notes,degree name,activities,"
        "field of study,started on,finished on",
        "Skills.csv": "name",
        "Languages.csv": "name,proficiency",
        "Certifications.csv": "name,url,authority,started on,finished on,license number",
        "Volunteering.csv": "company name,role,cause,started on,finished on,description",
        "Causes You Care About.csv": "supported cause",
        "Organizations.csv": "name,description,position,started on,finished on",
        "Honors.csv": "title,description,issuer,issue date,issued on",
        "Projects.csv": "title,description,url,start date,end date,started on,finished on",
        "Courses.csv": "name,number",
    }.items()
}


def section_name(file_name: str) -> str | None:
    """The canonical section a file name is (``"Phone Numbers.csv"`` → ``"PhoneNumbers.csv"``).

    >>> section_name("phone_numbers.csv"), section_name("messages.csv")
    ('PhoneNumbers.csv', None)
    """
    return _SECTION_KEYS.get(_section_key(file_name))


def parse_linkedin(sections: Mapping[str, bytes], *, name: str) -> ProfileRecord:
    """Build a profile from the profile sections of a LinkedIn export.

    Parameters
    ----------
    sections
        File name → bytes, as :func:`app.importers.archive.read_upload` gives
        them (``{"Positions.csv": b"..."}``). Names that are not profile
        sections are ignored.
    name
        The export's name in messages (``export.zip``); a section's errors name
        ``export.zip/Positions.csv`` and the line.

    Raises
    ------
    ImportFileError
        No profile section, or a section that cannot be read (encoding,
        unrecognized header, malformed CSV).
    """
    record = ProfileRecord(source=Source.LINKEDIN)
    found = False
    for file_name, data in sections.items():
        section = section_name(file_name)
        if section is None:
            continue
        found = True
        if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
            continue  # LinkedIn writes empty files for empty sections
        table = read_table(
            data,
            name=f"{name}/{section}",
            known=COLUMNS[section],
            expected=", ".join(sorted(column.title() for column in COLUMNS[section])),
        )
        _PARSERS[section](table, record)
    if not found:
        raise ImportFileError(_l("No LinkedIn profile section was found."), file=name)
    return record


def _require(table: Table, *aliases: str) -> int:
    index = table.index(*aliases)
    if index is None:
        raise ImportFileError(
            _l("The column “%(column)s” is missing.", column=aliases[0].title()),
            file=table.name,
            line=table.header_line,
        )
    return index


def _columns(table: Table, spec: str) -> list[int | None]:
    """Column indexes for ``"title,started on|start date,-"``: ``|`` separates
    the names a column had over the years, ``-`` stands for a column the section
    lacks (read as ``""``)."""
    return [table.index(*column.split("|")) for column in spec.split(",")]


def _profile(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(
        table,
        "first name,last name,headline,summary,geo location,country,websites,"
        "public profile url|profile url",
    )
    for _line, values in iter_values(table, *indexes):
        first, last, headline, summary, geo, country, websites, url = values
        record.first_name = one_line(first)
        record.last_name = one_line(last)
        record.headline = one_line(headline)
        record.summary = summary or record.summary
        record.city, record.region, record.country = fields.parse_geo(geo, country)
        record.website, linkedin = fields.pick_websites(websites)
        record.linkedin_url = normalize_linkedin_url(url or linkedin)
        return


def _summary(table: Table, record: ProfileRecord) -> None:
    index = _require(table, "profile summary", "summary")
    for _line, (summary,) in iter_values(table, index):
        if summary and not record.summary:
            record.summary = summary
            return


def _emails(table: Table, record: ProfileRecord) -> None:
    index = _require(table, "email address")
    rows = list(iter_values(table, index, table.index("confirmed"), table.index("primary")))
    # Confirmed before unconfirmed, then primary first; a missing column counts as "Yes".
    ranked = sorted(
        (bool(confirmed) and not _yes(confirmed), bool(primary) and not _yes(primary), line, email)
        for line, (email, confirmed, primary) in rows
        if "@" in email
    )
    if ranked:
        record.email = ranked[0][3]


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "oui", "true", "1", "y"}


def _phones(table: Table, record: ProfileRecord) -> None:
    index = _require(table, "number")
    for _line, (number, extension) in iter_values(table, index, table.index("extension")):
        if number:
            record.phone = f"{number} x{extension}" if extension else number
            return


def _positions(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(table, "title,company name,location,description,started on,finished on")
    for _line, values in iter_values(table, *indexes):
        title, company, location, description, started, finished = values
        if not (title or company):
            continue
        started_on = parse_date(started)
        record.positions.append(
            PositionRecord(
                title=one_line(title),
                company=one_line(company),
                location=one_line(location),
                description=description,
                started_on=started_on,
                finished_on=parse_date(finished),
                is_current=is_current(finished) and started_on is not None,
            )
        )


def _educations(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(
        table, "school name,degree name,field of study,start date|started on,end date|finished on"
    )
    for _line, (school, degree, field, started, finished) in iter_values(table, *indexes):
        if school or degree:
            record.educations.append(
                EducationRecord(
                    school=one_line(school),
                    degree=one_line(degree),
                    field_of_study=one_line(field),
                    started_on=parse_date(started),
                    finished_on=parse_date(finished),
                )
            )


def _skills(table: Table, record: ProfileRecord) -> None:
    seen = {skill.casefold() for skill in record.skills}
    for _line, (skill,) in iter_values(table, _require(table, "name")):
        skill = one_line(skill)
        if skill and skill.casefold() not in seen:
            seen.add(skill.casefold())
            record.skills.append(skill)


def _languages(table: Table, record: ProfileRecord) -> None:
    indexes = (_require(table, "name"), table.index("proficiency"))
    for _line, (language, proficiency) in iter_values(table, *indexes):
        if language:
            level = fluency_level(proficiency)
            record.languages.append(
                LanguageRecord(language=language_code(language), level=level or None)
            )


def _certifications(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(table, "name,authority,url,started on,finished on")
    for _line, (title, authority, url, started, finished) in iter_values(table, *indexes):
        if title:
            record.certifications.append(
                CertificationRecord(
                    name=one_line(title),
                    authority=one_line(authority),
                    url=url,
                    issued_on=parse_date(started),
                    expires_on=parse_date(finished),
                )
            )


def _volunteering(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(
        table, "company name|organization,role,cause,description,started on,finished on"
    )
    for _line, values in iter_values(table, *indexes):
        organization, role, cause, description, started, finished = values
        if organization or role:
            record.volunteering.append(
                VolunteeringRecord(
                    organization_name=one_line(organization),
                    role=one_line(role),
                    cause=one_line(cause),
                    description=description,
                    started_on=parse_date(started),
                    finished_on=parse_date(finished),
                )
            )


def _causes(table: Table, record: ProfileRecord) -> None:
    for _line, (cause,) in iter_values(table, _require(table, "supported cause")):
        cause = one_line(cause)
        if cause and cause not in record.causes:
            record.causes.append(cause)


def _organizations(table: Table, record: ProfileRecord) -> None:
    indexes = _columns(table, "name,position,description,started on,finished on")
    for _line, (title, position, description, started, finished) in iter_values(table, *indexes):
        if not title:
            continue
        board = fields.board_service(one_line(title), one_line(position))
        if board is not None:
            board.started_on, board.finished_on = parse_date(started), parse_date(finished)
            record.board_services.append(board)
            continue
        record.extras.append(
            ExtraRecord(
                kind=ExtraKind.MEMBERSHIP,
                title=one_line(title),
                subtitle=one_line(position),
                description=description,
                started_on=parse_date(started),
                finished_on=parse_date(finished),
            )
        )


def _extras(kind: ExtraKind, spec: str) -> Callable[[Table, ProfileRecord], None]:
    """A parser for a section kept as is; ``spec`` names its title, subtitle,
    description, url, start and end columns (see :func:`_columns`)."""

    def parse(table: Table, record: ProfileRecord) -> None:
        indexes = _columns(table, spec)
        for _line, (title, subtitle, description, url, started, finished) in iter_values(
            table, *indexes
        ):
            if title:
                record.extras.append(
                    ExtraRecord(
                        kind=kind,
                        title=one_line(title),
                        subtitle=one_line(subtitle),
                        description=description,
                        url=url,
                        started_on=parse_date(started),
                        finished_on=parse_date(finished),
                    )
                )

    return parse


_PARSERS: dict[str, Callable[[Table, ProfileRecord], None]] = {
    "Profile.csv": _profile,
    "Profile Summary.csv": _summary,
    "Email Addresses.csv": _emails,
    "PhoneNumbers.csv": _phones,
    "Positions.csv": _positions,
    "Education.csv": _educations,
    "Skills.csv": _skills,
    "Languages.csv": _languages,
    "Certifications.csv": _certifications,
    "Volunteering.csv": _volunteering,
    "Causes You Care About.csv": _causes,
    "Organizations.csv": _organizations,
    "Honors.csv": _extras(ExtraKind.AWARD, "title,issuer,description,-,issued on|issue date,-"),
    "Projects.csv": _extras(
        ExtraKind.PROJECT, "title,-,description,url,started on|start date,finished on|end date"
    ),
    "Courses.csv": _extras(ExtraKind.COURSE, "name,number,-,-,-,-"),
}
