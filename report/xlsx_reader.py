"""Reading an uploaded workbook, which nobody vouches for, within fixed bounds.

An .xlsx file is a zip of XML parts. The import needs few of them: the list of
sheets (the workbook part and its relationships), the shared strings, which
cell styles show dates (the styles part), and the rows of one sheet. This
module reads only those, with expat, element by element, keeping nothing of the
XML itself, so that what an upload can cost is set here and not by the file:

- every part read is bounded in unpacked size by its kind before it is opened
  (:data:`PART_BYTES`), the archive in its number of files, the workbook in its
  number of sheets;
- parsing is bounded in work: at most :data:`MAX_ELEMENTS` XML elements in all
  the parts one upload reads, and at most :data:`MAX_TEXT_BYTES` of memory for
  the text kept from the file (shared strings, cells of the columns read),
  counted as Python holds it;
- a sheet's empty space is never walked: rows and cells that are not in the
  file cost nothing, whatever its declared dimension says (it is not read), and
  cells outside the columns asked for are skipped as they are parsed;
- a cell that holds a formula is a :class:`Formula` naming the cell and the
  formula, never the result the file cached for it;
- a part with a DTD (entity declarations) is damaged: no workbook has one.

Other values come out as openpyxl's reader gives them (numbers, text, booleans,
dates by the cell's number format, error values as their text), through
openpyxl's documented helpers for number formats and dates. Anything broken on
the way (XML, zip, a value) is :func:`damaged`; a bound reached is refused with
a message that says what to do instead.
"""

import contextlib
import io
import posixpath
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple
from xml.parsers import expat

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from strategy_planner.numbers import format_count

MB = 1024 * 1024
# The unpacked size of each part read, by kind. A sheet of 10,000 rows exported
# by the app is about 10 MB; Excel writes a little more per cell.
PART_BYTES = {
    "worksheet": 50 * MB,
    "shared_strings": 32 * MB,
    "styles": 4 * MB,
    "package": 1 * MB,  # the workbook part (its list of sheets) and the relationships
}
MAX_PARTS = 1_000  # files in the zip: a workbook has a few dozen
MAX_SHEETS = 100
MAX_ELEMENTS = 2_000_000  # XML elements parsed per upload, in all parts together
MAX_TEXT_BYTES = 32 * MB  # the memory the text kept from the file may take
MAX_COLUMN = 16_384  # XFD, the last column a sheet can have
MAX_ROW = 1_048_576
CHUNK = 64 * 1024  # bytes of a part parsed at a time

MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "strict" Open XML
)


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why."""


class _Damaged(Exception):
    """What the file says makes no sense as a workbook."""


class _TooMuchWork(Exception):
    """:data:`MAX_ELEMENTS` or :data:`MAX_TEXT_BYTES` was reached."""


def damaged() -> ImportRefused:
    return ImportRefused(_("The workbook could not be read: it seems to be damaged."))


def too_much_work() -> ImportRefused:
    return ImportRefused(
        _(
            "The workbook holds more than the import can read at once. Copy the rows to "
            "import into a new workbook and upload that."
        )
    )


class Formula(NamedTuple):
    """A cell that holds a formula: where, and the formula ("" when the file gives none)."""

    cell: str
    text: str


@dataclass(frozen=True)
class Sheet:
    name: str
    path: str  # of its part in the zip


def _names(*locals_: str) -> frozenset:
    """Element names as expat gives them ("namespace local"), in the main namespaces."""
    return frozenset(f"{namespace} {local}" for namespace in MAIN for local in locals_)


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _no_dtd(*args):
    raise _Damaged("a DTD")


@contextlib.contextmanager
def _reading():
    """Turn whatever goes wrong while a part is parsed into the message the user sees."""
    try:
        yield
    except ImportRefused:
        raise
    except _TooMuchWork as error:
        raise too_much_work() from error
    except Exception as error:  # expat, zip, zlib, a value that is no number…
        raise damaged() from error


def _row_number(text: str) -> int:
    number = float(text)
    if not number.is_integer():
        raise _Damaged(f"row {text!r}")
    return int(number)


class Workbook:
    """An uploaded workbook, opened for reading within the bounds above. Its
    sheets are listed in :attr:`sheets`; :meth:`rows` reads one."""

    def __init__(self, data: bytes):
        self.elements = 0  # parsed so far, in every part
        self.text_bytes = 0  # of the text kept so far
        self._columns: dict[str, int] = {}  # column letters → number
        self._shared_strings: list[str] = []
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
        except Exception as error:  # zipfile raises several kinds for a broken archive
            raise damaged() from error
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._archive.close()
        self._shared_strings = []

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # The parts -----------------------------------------------------------------------

    def _open(self) -> None:
        members = self._archive.infolist()
        if len(members) > MAX_PARTS:
            raise ImportRefused(
                ngettext(
                    "The workbook is made of more than %(count)s file; copy the rows to "
                    "import into a new workbook and upload that.",
                    "The workbook is made of more than %(count)s files; copy the rows to "
                    "import into a new workbook and upload that.",
                    MAX_PARTS,
                )
                % {"count": format_count(MAX_PARTS)}
            )
        self._sizes = {member.filename: member.file_size for member in members}
        with _reading():
            book = self._office_document()
            relations = self._relations(book)
            self.epoch = CALENDAR_WINDOWS_1900
            self.sheets: list[Sheet] = []
            for local, attributes in self._elements(book, {"sheet", "workbookPr"}):
                if local == "workbookPr":
                    if attributes.get("date1904", "").lower() in ("1", "true"):
                        self.epoch = CALENDAR_MAC_1904
                    continue
                relation = next((v for k, v in attributes.items() if _local(k) == "id"), None)
                kind, path = relations.get(relation, ("", ""))
                if kind == "worksheet" and path in self._sizes:
                    self.sheets.append(Sheet(attributes.get("name", ""), path))
            if len(self.sheets) > MAX_SHEETS:
                raise ImportRefused(
                    ngettext(
                        "The workbook has more than %(count)s sheet; copy the rows to import "
                        "into a new workbook and upload that.",
                        "The workbook has more than %(count)s sheets; copy the rows to import "
                        "into a new workbook and upload that.",
                        MAX_SHEETS,
                    )
                    % {"count": MAX_SHEETS}
                )
            for sheet in self.sheets:
                self._check_size(sheet.path, "worksheet")
            parts = {kind: path for kind, path in relations.values() if path in self._sizes}
            if "sharedStrings" in parts:
                self._shared_strings = self._read_shared_strings(parts["sharedStrings"])
            self._date_styles, self._duration_styles = (
                self._read_styles(parts["styles"]) if "styles" in parts else (set(), set())
            )

    def _office_document(self) -> str:
        """The workbook part, as the package's relationships name it (xl/workbook.xml)."""
        if "_rels/.rels" in self._sizes:
            for _local_name, attributes in self._elements("_rels/.rels", {"Relationship"}):
                if attributes.get("Type", "").endswith("/officeDocument"):
                    path = self._resolve("", attributes.get("Target", ""))
                    if path in self._sizes:
                        return path
        if "xl/workbook.xml" in self._sizes:
            return "xl/workbook.xml"
        raise _Damaged("no workbook part")

    def _relations(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationship ID → (kind, path of the part) for a part's relationships."""
        folder, name = posixpath.split(source)
        path = posixpath.join(folder, "_rels", f"{name}.rels")
        if path not in self._sizes:
            raise _Damaged("no relationships")
        found = {}
        for _local_name, attributes in self._elements(path, {"Relationship"}):
            if attributes.get("TargetMode") != "External":
                kind = attributes.get("Type", "").rpartition("/")[2]
                target = self._resolve(folder, attributes.get("Target", ""))
                found[attributes.get("Id")] = (kind, target)
        return found

    @staticmethod
    def _resolve(folder: str, target: str) -> str:
        path = target if target.startswith("/") else posixpath.join(folder, target)
        return posixpath.normpath(path).lstrip("/")

    def _check_size(self, path: str, kind: str) -> None:
        size, limit = self._sizes[path], PART_BYTES[kind]
        if size <= limit:
            return
        messages = {
            "worksheet": _(
                "A sheet of the workbook takes %(size)s MB unpacked; the import reads sheets of "
                "up to %(limit)s MB. Copy the rows to import into a new workbook and upload that."
            ),
            "shared_strings": _(
                "The text of the workbook takes %(size)s MB unpacked; the import reads up to "
                "%(limit)s MB of it. Copy the rows to import into a new workbook and upload that."
            ),
            "styles": _(
                "The cell styles of the workbook take %(size)s MB unpacked; the import reads up "
                "to %(limit)s MB of them. Copy the rows to import into a new workbook, without "
                "their formatting, and upload that."
            ),
            "package": _(
                "The workbook's list of its parts takes %(size)s MB unpacked; the import reads "
                "up to %(limit)s MB. Copy the rows to import into a new workbook and upload that."
            ),
        }
        raise ImportRefused(messages[kind] % {"size": -(-size // MB), "limit": limit // MB})

    def _parser(self, path: str, kind: str):
        """An expat parser for one part, with the part opened to stream it."""
        self._check_size(path, kind)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        return parser, self._archive.open(path)

    @staticmethod
    def _feed(parser, stream) -> None:
        with stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _TooMuchWork

    def keep(self, text: str) -> str:
        """Text the reader keeps, counted against :data:`MAX_TEXT_BYTES`."""
        self.text_bytes += sys.getsizeof(text) + 8  # and the reference to it
        if self.text_bytes > MAX_TEXT_BYTES:
            raise _TooMuchWork
        return text

    def gatherer(self, pieces: list):
        """A character data handler that adds to ``pieces`` (emptied by its caller for
        each text), bounded as it goes: expat hands over a long text in parts."""
        gathered = 0

        def gather(data: str) -> None:
            nonlocal gathered
            gathered = len(data) + (gathered if pieces else 0)
            # Four bytes a character at most: no text grows past the bound unseen.
            if self.text_bytes + 4 * gathered > MAX_TEXT_BYTES:
                raise _TooMuchWork
            pieces.append(data)

        return gather

    def _elements(self, path: str, wanted: set) -> list[tuple[str, dict]]:
        """The elements of a small part with these local names, with their attributes."""
        parser, stream = self._parser(path, "package")
        found = []

        def start(name, attributes):
            self._count()
            local = _local(name)
            if local in wanted:
                found.append((local, attributes))

        parser.StartElementHandler = start
        self._feed(parser, stream)
        return found

    def _read_shared_strings(self, path: str) -> list[str]:
        """The shared strings as openpyxl reads them: the plain text and the formatted
        runs of each, without phonetic guides."""
        parser, stream = self._parser(path, "shared_strings")
        strings, pieces = [], []
        gather = self.gatherer(pieces)
        text, item, guide = 1, 2, 3
        kinds = dict.fromkeys(_names("t"), text) | dict.fromkeys(_names("si"), item)
        kinds |= dict.fromkeys(_names("rPh"), guide)
        left = MAX_ELEMENTS - self.elements
        guides = 0

        # Called for every element of the part: kept as short as can be.
        def start(name, attributes):
            nonlocal left, guides
            left -= 1
            if left < 0:
                raise _TooMuchWork
            kind = kinds.get(name)
            if kind == text:
                if not guides:
                    parser.CharacterDataHandler = gather
            elif kind == item:
                pieces.clear()
            elif kind == guide:
                guides += 1

        def end(name):
            nonlocal guides
            kind = kinds.get(name)
            if kind == text:
                parser.CharacterDataHandler = None
            elif kind == item:
                strings.append(self.keep("".join(pieces).replace("x005F_", "")))
                pieces.clear()
            elif kind == guide:
                guides -= 1

        parser.StartElementHandler, parser.EndElementHandler = start, end
        try:
            self._feed(parser, stream)
        finally:
            self.elements = MAX_ELEMENTS - left
        return strings

    def _read_styles(self, path: str) -> tuple[set[int], set[int]]:
        """The cell styles (by index) whose number format shows a date, and a duration."""
        parser, stream = self._parser(path, "styles")
        number_format, cell_styles, style = _names("numFmt"), _names("cellXfs"), _names("xf")
        used = []  # the number format of each cell style
        formats = dict(BUILTIN_FORMATS)
        inside = False

        def start(name, attributes):
            nonlocal inside
            self._count()
            if name in style:
                if inside:
                    used.append(int(attributes.get("numFmtId", 0)))
            elif name in cell_styles:
                inside = True
            elif name in number_format:
                code = self.keep(attributes.get("formatCode", ""))
                formats[int(attributes.get("numFmtId", 0))] = code

        def end(name):
            nonlocal inside
            if name in cell_styles:
                inside = False

        parser.StartElementHandler, parser.EndElementHandler = start, end
        self._feed(parser, stream)
        kinds = {}
        for format_id in set(used):
            code = formats.get(format_id)
            kinds[format_id] = (is_date_format(code), is_timedelta_format(code))
        dates = {index for index, format_id in enumerate(used) if kinds[format_id][0]}
        durations = {index for index, format_id in enumerate(used) if kinds[format_id][1]}
        return dates, durations

    # The cells -------------------------------------------------------------------------

    def column_number(self, reference: str) -> int:
        """The column of a cell reference such as "C12"."""
        letters = reference.rstrip("0123456789")
        number = self._columns.get(letters)
        if number is None:
            if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
                raise _Damaged(f"cell {reference!r}")
            number = 0
            for letter in letters.upper():
                number = number * 26 + ord(letter) - ord("A") + 1
            if number > MAX_COLUMN:
                raise _Damaged(f"cell {reference!r}")
            self._columns[letters] = number
        return number

    def value(self, kind: str | None, text: str | None, style: int):
        """A cell's value from its type, its text and its style, as openpyxl reads it."""
        if not text:
            return None
        if kind is None or kind == "n":
            number = float(text) if "." in text or "e" in text or "E" in text else int(text)
            if style in self._date_styles:
                try:
                    return from_excel(number, self.epoch, style in self._duration_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # as openpyxl does
            return number
        if kind == "s":
            index = int(text)
            if index < 0:
                raise _Damaged(f"shared string {index}")
            return self._shared_strings[index]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str", "e" (an error value, as its text), and any other kind

    def header(self, sheet: Sheet) -> dict[int, object]:
        """The values of the sheet's first row, by column number (none when the sheet's
        first row with anything in it comes later)."""
        for number, values in self._sheet_rows(sheet, None, first_row_only=True):
            return values if number == 1 else {}
        return {}

    def rows(self, sheet: Sheet, columns: set[int]) -> Iterator[tuple[int, dict[int, object]]]:
        """The rows after the first with a value in one of ``columns``, in the order of
        the file: (row number, {column number: value}), empty cells left out."""
        for number, values in self._sheet_rows(sheet, columns):
            if number > 1:
                yield number, values

    def _sheet_rows(self, sheet: Sheet, columns: set[int] | None, first_row_only=False):
        """Rows with a value in ``columns`` (None: in any column), as the file gives them,
        a chunk of the part at a time; with ``first_row_only``, no cell after the first
        row is looked at."""
        with _reading():
            parser, stream = self._parser(sheet.path, "worksheet")
            cells = _SheetParse(self, parser, columns, first_row_only)
            with stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    yield from cells.take()
                parser.Parse(b"", True)
                yield from cells.take()


class _SheetParse:
    """The handlers of one sheet's parse, element by element: rows, their cells, each
    cell's value, inline text or formula. Only cells in the columns asked for are
    looked at; a row is handed on when it ends, with the values it holds."""

    def __init__(self, book: Workbook, parser, columns: set[int] | None, first_row_only: bool):
        self.book, self.parser, self.columns = book, parser, columns
        self.first_row_only = first_row_only
        self.done: list[tuple[int, dict]] = []
        self.row = 0
        self.values: dict[int, object] = {}
        self.column = 0
        self.wanted = False  # the cell is in a column asked for
        self.kind = None
        self.style = 0
        self.text: str | None = None
        self.formula: Formula | None = None
        self.inline: list[str] | None = None
        self.guides = 0  # inside phonetic guides, whose text is no part of the value
        self.formula_kind: tuple = (None, None)  # the current formula's type and shared ID
        self.shared_formulas: dict[str, tuple[str, str]] = {}  # id → (formula, its cell)
        self.pieces: list[str] = []
        self.gather = book.gatherer(self.pieces)
        self.starts, self.ends = {}, {}
        for local, start, end in (
            ("row", self.start_row, self.end_row),
            ("c", self.start_cell, self.end_cell),
            ("v", self.start_value, self.end_value),
            ("f", self.start_formula, self.end_formula),
            ("is", self.start_inline, None),
            ("t", self.start_inline_text, self.end_inline_text),
            ("rPh", self.start_guide, self.end_guide),
        ):
            for name in _names(local):
                self.starts[name] = start
                if end is not None:
                    self.ends[name] = end
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end

    def take(self) -> list[tuple[int, dict]]:
        done, self.done = self.done, []
        return done

    def start(self, name, attributes):
        book = self.book
        book.elements += 1
        if book.elements > MAX_ELEMENTS:
            raise _TooMuchWork
        handler = self.starts.get(name)
        if handler is not None:
            handler(attributes)

    def end(self, name):
        handler = self.ends.get(name)
        if handler is not None:
            handler()

    def start_row(self, attributes):
        number = attributes.get("r")
        number = self.row + 1 if number is None else _row_number(number)
        if number <= self.row or number > MAX_ROW:
            raise _Damaged(f"row {number} after row {self.row}")
        self.row, self.values, self.column = number, {}, 0
        if self.first_row_only and self.row > 1:
            self.columns = frozenset()  # the rest of the chunk is parsed, not looked at

    def end_row(self):
        if self.values:
            self.done.append((self.row, self.values))

    def start_cell(self, attributes):
        reference = attributes.get("r")
        self.column = self.column + 1 if reference is None else self.book.column_number(reference)
        if self.column > MAX_COLUMN:
            raise _Damaged(f"column {self.column}")
        self.wanted = self.columns is None or self.column in self.columns
        if self.wanted:
            self.kind = attributes.get("t")
            style = attributes.get("s")
            self.style = int(style) if style else 0
            self.text = self.formula = self.inline = None

    def end_cell(self):
        if not self.wanted:
            return
        self.wanted = False  # until the next cell: a formula elsewhere (a rule's) is none of ours
        if self.formula is not None:
            value = self.formula
        elif self.kind == "inlineStr":
            value = "".join(self.inline) if self.inline is not None else None
        else:
            value = self.book.value(self.kind, self.text, self.style)
        if value is None or value == "":
            self.values.pop(self.column, None)  # of two cells in one place, the last counts
            return
        if type(value) is str and self.kind != "s":  # shared strings were counted once
            self.book.keep(value)
        self.values[self.column] = value

    def start_value(self, attributes):
        if self.wanted:
            self.pieces.clear()
            self.parser.CharacterDataHandler = self.gather

    def end_value(self):
        if self.wanted:
            self.parser.CharacterDataHandler = None
            self.text = "".join(self.pieces)

    def start_formula(self, attributes):
        if self.wanted:
            self.pieces.clear()
            self.parser.CharacterDataHandler = self.gather
            self.formula_kind = attributes.get("t"), attributes.get("si")

    def end_formula(self):
        if not self.wanted:
            return
        self.parser.CharacterDataHandler = None
        text = "".join(self.pieces)
        cell = f"{get_column_letter(self.column)}{self.row}"
        kind, shared = self.formula_kind
        if kind == "shared" and shared is not None:
            if text:
                self.shared_formulas.setdefault(shared, (self.book.keep(text), cell))
            elif shared in self.shared_formulas:
                first, origin = self.shared_formulas[shared]
                try:
                    text = Translator(f"={first}", origin).translate_formula(cell)[1:]
                except Exception:  # one the translator cannot follow: named without its text
                    text = ""
        self.formula = Formula(cell, f"={text}" if text else "")

    def start_inline(self, attributes):
        if self.wanted and self.kind == "inlineStr":
            self.inline = []

    def start_inline_text(self, attributes):
        if self.inline is not None and not self.guides:
            self.pieces.clear()
            self.parser.CharacterDataHandler = self.gather

    def end_inline_text(self):
        if self.inline is not None and not self.guides:
            self.parser.CharacterDataHandler = None
            self.inline.append("".join(self.pieces))

    def start_guide(self, attributes):
        self.guides += 1

    def end_guide(self):
        self.guides -= 1
