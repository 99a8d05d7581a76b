"""Adding an article to the data folder: its text as data/sources/<id>.txt, its metadata beside it.

The input is a plain-text file (copied byte for byte) or a saved HTML page (its article text extracted
by trafilatura). Metadata comes from what the user gives, else from the page's markup, else stays
null: nothing is guessed. In particular the publication date is taken only from markup that states
one (a publication-date <meta> tag or JSON-LD datePublished, read by htmldate), never from the URL,
image paths or the text's loose dates, which htmldate's full search would fall back on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..curated.records import is_slug
from ..curated.yaml_lines import dump_yaml
from ..errors import InvalidArgument, OutputError, arg, shown
from ..atomic import atomic_write
from ..text.dates import parse_date
from ..text.quotes import fold

FIELDS = ("title", "publisher", "author", "date", "url", "language")  # what the page or the user may give
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|meta|title)\b", re.I | re.S)
_HEADER = "# Source metadata: only what the text states or what is certain; unknown is null.\n"
_SLUG_LENGTH = 60


@dataclass(frozen=True)
class AddedSource:
    """What add_source wrote, and where each metadata value came from (for the user to check)."""

    id: str
    text_path: Path
    metadata_path: Path
    metadata: dict[str, Any]
    from_page: tuple[str, ...]  # fields read from the page's markup
    from_options: tuple[str, ...]  # fields the user gave
    unknown: tuple[str, ...]  # fields left null

    @property
    def next_step(self) -> str:
        """The command that drafts this source's facts."""
        return f"kg suggest {self.id}"


def add_source(
    data_dir: Path,
    file: Path,
    *,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    date: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> AddedSource:
    """Add FILE (a .txt or a saved HTML page) as a new source of DATA; options override the page's values.

    Refuses (InvalidArgument) an unreadable, empty or non-UTF-8 file, an id that is not a slug or is
    taken, and a text already in the data. Both files are written atomically, and neither stays if the
    other cannot be written."""
    file = Path(file)
    sources = Path(data_dir) / "sources"
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InvalidArgument(
            f"cannot read {file}: {exc.strerror}; give a readable text file or saved HTML page", "FILE"
        ) from None
    given = _checked_options(
        dict(title=title, publisher=publisher, author=author, date=date, url=url, language=language)
    )
    page: dict[str, str] = {}
    date_element = None
    html = file.suffix.lower() in _HTML_SUFFIXES or bool(_HTML_START.match(raw[:4096].removeprefix(b"\xef\xbb\xbf")))
    if html:
        text = _page_text(file, raw)
        body = text.encode("utf-8")
        page, date_element = _page_metadata(raw)
    else:
        text = _plain_text(file, raw)
        body = raw
    values = {k: given.get(k, page.get(k)) for k in FIELDS}
    if source_id is not None and not is_slug(source_id):
        raise InvalidArgument(
            f"{arg('source_id')} {shown(source_id)} must be a lower-case slug (a-z, 0-9, - _ .), e.g. 'daryo-sudden-rift'",
            "source_id",
        )
    sid = source_id or slug(values["title"] or "") or slug(file.stem)
    if not sid:
        raise InvalidArgument(
            f"cannot make an id from the title or the file name of {file}; give one with {arg('source_id')}",
            "source_id",
        )
    digest = hashlib.sha256(body).hexdigest()
    _check_new(sources, sid, digest, file, "source_id" if source_id else "file")
    metadata = _metadata(sid, values, digest, text, _origin_notes(file, html, values, page, given, date_element))
    text_path, metadata_path = sources / f"{sid}.txt", sources / f"{sid}.yaml"
    atomic_write(text_path, body)
    try:
        atomic_write(metadata_path, _HEADER + dump_yaml(metadata))
    except BaseException:
        text_path.unlink(missing_ok=True)
        raise
    return AddedSource(
        sid,
        text_path,
        metadata_path,
        metadata,
        tuple(k for k in FIELDS if k not in given and k in page),
        tuple(k for k in FIELDS if k in given),
        tuple(k for k in FIELDS if values[k] is None),
    )


def slug(text: str) -> str:
    """An id from a title or file name: ASCII letters and digits joined by hyphens, at most 60 characters
    cut at a word.

    >>> slug("Moscow's confession, Baku's rise: The power shift Putin couldn't hide")
    'moscows-confession-bakus-rise-the-power-shift-putin-couldnt'
    """
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")
    if len(words) > _SLUG_LENGTH:
        words = (
            words[: _SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in words[: _SLUG_LENGTH + 1] else words[:_SLUG_LENGTH]
        )
    return words


def _checked_options(options: dict[str, str | None]) -> dict[str, str]:
    """The options given, stripped; refuses an empty one and a date that is not one point in time."""
    given = {k: v.strip() for k, v in options.items() if v is not None}
    for key, value in given.items():
        if not value:
            raise InvalidArgument(f"{arg(key)} is empty; give its value or leave the option out", key)
    if "date" in given:
        try:
            when = parse_date(given["date"])
        except InvalidArgument as exc:
            raise InvalidArgument(f"{arg('date')}: {exc}", "date") from None
        if when.precision == "interval" or when.approximate:
            raise InvalidArgument(
                f"{arg('date')} {shown(given['date'])}: give the publication date the article states (YYYY, "
                "YYYY-MM or YYYY-MM-DD); a bounded date needs its rule: write it in the metadata "
                "file afterwards (date_basis: bounded, date_rule)",
                "date",
            )
    return given


def _plain_text(file: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidArgument(
            f"{file} is not UTF-8: byte {exc.start} (0x{raw[exc.start]:02x}, line {line}) cannot be "
            "decoded; save it as UTF-8 and retry",
            "FILE",
        ) from None
    if not text.strip():
        raise InvalidArgument(f"{file} has no text; give the article's text or its saved HTML page", "FILE")
    return text


def _page_text(file: Path, raw: bytes) -> str:
    import trafilatura

    text = trafilatura.extract(raw, output_format="txt", include_comments=False, include_tables=True)
    if not text or not text.strip():
        raise InvalidArgument(
            f"no article text found in the page {file}; save the article's text as a .txt file and add that", "FILE"
        )
    return text


def _page_metadata(raw: bytes) -> tuple[dict[str, str], str | None]:
    """The values the page's markup gives (title, author, publisher, URL, language, date), and the
    element that states the date."""
    import trafilatura
    from htmldate.utils import load_html

    tree = load_html(raw)
    if tree is None:
        return {}, None
    doc = trafilatura.extract_metadata(raw, extensive=False)
    pick = {"language": tree.get("lang")}
    if doc:
        pick |= {"title": doc.title, "author": doc.author, "url": doc.url, "publisher": doc.sitename}
        host = (urlsplit(doc.url or "").hostname or "").removeprefix("www.")
        if (doc.sitename or "").removeprefix("www.") == host:
            del pick["publisher"]  # trafilatura's fallback: the URL's host name, not a name the page gives
    found = {k: v.strip() for k, v in pick.items() if isinstance(v, str) and v.strip()}
    dated = _page_date(tree)
    if dated:
        found["date"] = dated[0]
    return found, dated[1] if dated else None


def _page_date(tree: Any) -> tuple[str, str] | None:
    """(date, the element that states it): the first publication-date <meta> tag or JSON-LD
    datePublished of the page, read by htmldate's markup stages alone (examine_header, json_search,
    with extensive_search off and original_date on). Each element is read on its own, so that neither
    htmldate's fallbacks (a date in the canonical URL or an image path, loose dates in the text) nor its
    stand-ins (og:url, copyright year, modification date) can answer."""
    from htmldate.core import DATE_ATTRIBUTES, ITEMPROP_ATTRS_ORIGINAL, examine_header, json_search
    from htmldate.utils import Extractor, load_html
    from htmldate.validators import get_max_date, get_min_date
    from lxml.html import tostring

    options = Extractor(False, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    for elem in tree.iter("meta", "script"):
        if elem.tag == "meta":
            attribute = next((a for a in ("name", "property", "itemprop") if elem.get(a)), None)
            key = (elem.get(attribute) or "").lower() if attribute else ""
            if key not in DATE_ATTRIBUTES and key not in ITEMPROP_ATTRS_ORIGINAL:
                continue
            stage, where = examine_header, f'<meta {attribute}="{key}">'
        elif (elem.get("type") or "").lower() == "application/ld+json":
            stage, where = json_search, "JSON-LD datePublished"
        else:
            continue
        alone = load_html("<html><head>" + tostring(elem, encoding="unicode") + "</head><body></body></html>")
        day = stage(alone, options) if alone is not None else None
        if day:
            return day, where
    return None


def _check_new(sources: Path, sid: str, digest: str, file: Path, param: str) -> None:
    """Refuse an id that is taken and a text that is already a source."""
    taken = [p for p in (sources / f"{sid}.yaml", sources / f"{sid}.txt") if p.exists()]
    if taken:
        raise InvalidArgument(
            f"source {sid!r} already exists ({taken[0]}); give another id with {arg('source_id')}", param
        )
    for existing in sorted(sources.glob("*.txt")):
        try:
            same = hashlib.sha256(existing.read_bytes()).hexdigest() == digest
        except OSError as exc:
            raise OutputError(f"cannot read {existing} to compare texts: {exc.strerror}") from None
        if same:
            raise InvalidArgument(
                f"{file} has the same text as source {existing.stem!r} ({existing}); it is in the "
                f"data already: `kg suggest {existing.stem}` drafts its facts",
                "FILE",
            )


def _origin_notes(
    file: Path,
    html: bool,
    values: dict[str, str | None],
    page: dict[str, str],
    given: dict[str, str],
    date_element: str | None,
) -> str:
    """Where the text and each metadata value came from, for the metadata's `notes`."""
    notes = [
        f"Added from {file.name}, a saved HTML page: its article text extracted by trafilatura "
        f"{version('trafilatura')}."
        if html
        else f"Added from {file.name}, a text file, unchanged."
    ]
    marked = [k for k in FIELDS if k in page and k not in given and k != "date"]
    if marked:
        notes.append(
            f"{', '.join(marked).capitalize()} from the page's markup, read by trafilatura"
            + (" (language from <html lang>)." if "language" in marked else ".")
        )
    if "date" in page and "date" not in given:
        notes.append(
            f"Date from the page's {date_element}, read by htmldate {version('htmldate')}: the publication "
            "date the publisher's page states, not the text."
        )
    if given:
        notes.append(f"Given by the user: {', '.join(k for k in FIELDS if k in given)}.")
    unknown = [k for k in FIELDS if values[k] is None]
    if unknown:
        notes.append(f"Unknown, left null: {', '.join(unknown)}.")
    return " ".join(notes)


def _metadata(sid: str, values: dict[str, str | None], digest: str, text: str, notes: str) -> dict[str, Any]:
    """The metadata record, in the order and shape of the curated ones."""
    record: dict[str, Any] = {
        "id": sid,
        "title": values["title"],
        "publisher": values["publisher"],
        "author": values["author"],
        "date": values["date"],
    }
    if values["date"] is not None:
        record["date_basis"] = "stated"
    record |= {"url": values["url"], "language": values["language"], "sha256": digest, "notes": notes}
    title = values["title"]
    heading = next((line for line in text.splitlines() if fold(line) == fold(title)), None) if title else None
    if heading:
        record["boilerplate"] = [heading]  # the title as a heading of the text: no fact stands on it
    return record
