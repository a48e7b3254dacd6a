"""Small .xlsx files that would cost a careless reader a lot: a few kilobytes zipped,
megabytes or millions of elements unpacked, or a cell at the far end of a sheet.

Each is a minimal workbook written part by part with zipfile (openpyxl would
not write most of them), with a content-plan header so that the import gets as
far as it can. Used by tests/report/test_import_hostile.py and by the
benchmark's line for the worst of them (bench/imports.py).
"""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"

OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELATIONSHIPS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
    '<sheets><sheet name="Content plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONSHIPS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
STYLES = f'<styleSheet xmlns="{MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'
SHARED_STRINGS = f'<sst xmlns="{MAIN}"><si><t>Title</t></si></sst>'


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: str, before: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData></worksheet>'


# A header and two rows to import.
PLAIN_ROWS = (
    f'<row r="1">{text_cell("A1", "Title")}</row>'
    f'<row r="2">{text_cell("A2", "Cold brew")}</row>'
    f'<row r="3">{text_cell("A3", "Grind guide")}</row>'
)


def workbook(
    rows: str = PLAIN_ROWS,
    *,
    sheet_xml: str | None = None,
    styles: str | bytes = STYLES,
    shared_strings: str | bytes = SHARED_STRINGS,
    extra: dict | None = None,
) -> bytes:
    """A workbook of one sheet; every part may be replaced (text or bytes)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELATIONSHIPS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELATIONSHIPS,
        "xl/worksheets/sheet1.xml": sheet_xml if sheet_xml is not None else sheet(rows),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": shared_strings,
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def huge_styles(count: int = 700_000) -> bytes:
    """A styles part of ``count`` cell styles (date formats, so each one counts)."""
    style = b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
    return b"".join(
        [
            f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode(),
            style * count,
            b"</cellXfs></styleSheet>",
        ]
    )


def huge_shared_strings(count: int = 3_500_000, text: str = "abcdefgh") -> bytes:
    """A shared-strings part of ``count`` strings: the header's, then the same one again."""
    return b"".join(
        [
            f'<sst xmlns="{MAIN}"><si><t>Title</t></si>'.encode(),
            f"<si><t>{text}</t></si>".encode() * count,
            b"</sst>",
        ]
    )


def many_elements(size: int) -> bytes:
    """A well-formed part of about ``size`` bytes made of nothing but empty elements,
    each one of them work for a parser."""
    return f'<sst xmlns="{MAIN}">'.encode() + b"<a/>" * (size // 4) + b"</sst>"


def far_cell(header_column: str = "XFD") -> bytes:
    """The header in one column (the last, by default) and a cell in the sheet's last row."""
    return workbook(
        f'<row r="1">{text_cell(header_column + "1", "Title")}</row>'
        f'<row r="1048576">{text_cell("XFD1048576", "far away")}</row>'
    )


def lying_dimension() -> bytes:
    """A small sheet that says it fills every row and column."""
    return workbook(sheet_xml=sheet(PLAIN_ROWS, before='<dimension ref="A1:XFD1048576"/>'))


def entity_expansion() -> bytes:
    """A sheet that defines entities holding entities ("billion laughs")."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(8)
    )
    return workbook(
        sheet_xml=f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        + sheet(
            f'<row r="1">{text_cell("A1", "Title")}</row><row r="2">{text_cell("A2", "&i;")}</row>'
        )
    )


def too_many_parts(count: int = 1_200) -> bytes:
    return workbook(extra={f"xl/media/image{number}.png": b"" for number in range(count)})


def huge_sheet(rows: int = 1_000_000) -> bytes:
    """A sheet of empty formatted rows past the size a sheet may have (60 MB)."""
    empty = b"".join(
        b'<row r="%d" spans="1:16" ht="20.25" customHeight="1" thickBot="1"/>' % number
        for number in range(2, rows)
    )
    return workbook(
        sheet_xml=f'<worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1">{text_cell("A1", "Title")}</row>'.encode()
        + empty
        + b"</sheetData></worksheet>"
    )


def one_long_text(characters: int = 40_000_000) -> bytes:
    """A single cell holding more text than may be kept from a whole file."""
    return workbook(
        sheet_xml=f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        f'{text_cell("A1", "Title")}</row><row r="2"><c r="A2" t="inlineStr"><is><t>'.encode()
        + b"x" * characters
        + b"</t></is></c></row></sheetData></worksheet>"
    )


def most_text(rows: int = 10_000, characters: int = 2_400) -> bytes:
    """The most an upload may bring in: as many rows as an import takes, each with a
    long text of its own, just under the bound on the text kept from a file."""
    header = f'<row r="1">{text_cell("A1", "Title")}{text_cell("B1", "Why it is made")}</row>'
    body = "".join(
        f'<row r="{number}">{text_cell(f"A{number}", f"Piece {number}")}'
        f"{text_cell(f'B{number}', f'{number:05} ' + 'y' * characters)}</row>"
        for number in range(2, rows + 2)
    )
    return workbook(header + body)


# The files the tests and the benchmark throw at the import, by name.
HOSTILE = {
    "huge styles part": lambda: workbook(styles=huge_styles()),
    "huge shared strings": lambda: workbook(shared_strings=huge_shared_strings()),
    "header in the last column, a cell in the last row": far_cell,
    "a cell in the last row and column": lambda: far_cell("A"),
    "a declared dimension of the whole sheet": lying_dimension,
    "styles within bounds, full of elements": lambda: workbook(styles=many_elements(4_000_000)),
    "shared strings within bounds, full of elements": lambda: workbook(
        shared_strings=many_elements(30_000_000)
    ),
    "shared strings within bounds, long and wide": lambda: workbook(
        shared_strings=huge_shared_strings(120_000, "😀" + "x" * 80)
    ),
    "entities within entities": entity_expansion,
    "more files than a workbook has": too_many_parts,
    "a sheet past its size": huge_sheet,
    "one cell of 40 MB of text": one_long_text,
    "10,000 rows of long text, as much as may come in": most_text,
}
