"""The document's look: a logo on the cover and a colour on the cover and the
headings, in the PDF and on screen; hostile uploads and colours refused with a
message, a look saved meanwhile never overwritten unseen."""

import base64
import io
import struct
import subprocess
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from report.document import build_document
from report.models import DocumentBrand
from report.pdf import RefusedFetch, refuse_everything, render_html, render_pdf
from strategy_planner.models import Edit
from tests.conftest import needs_commands

pytestmark = pytest.mark.django_db


def png(width=120, height=60, colour=(111, 78, 55), comment="") -> bytes:
    image = Image.new("RGB", (width, height), colour)
    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(data: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def look_url(strategy) -> str:
    return reverse("report:document_look", args=[strategy.uuid])


def post(client, strategy, version=0, **data):
    return client.post(look_url(strategy), {"edit_version": version, **data})


def test_an_editor_gives_the_document_a_colour_and_a_logo(team, client_for):
    client = client_for(team.editor)
    response = post(
        client, team.strategy, colour="#6F4E37", logo=upload(png(comment="secret note"))
    )
    assert response.status_code == 302
    brand = DocumentBrand.objects.get(strategy=team.strategy)
    assert brand.colour == "#6f4e37"
    kept = Image.open(io.BytesIO(bytes(brand.logo)))
    assert kept.format == "PNG" and kept.size == (120, 60)
    assert "Comment" not in kept.info  # drawn again: nothing of the upload's metadata
    assert b"secret note" not in bytes(brand.logo)

    html = render_html(build_document(team.strategy))
    assert 'style="--brand: #6f4e37"' in html
    assert '<img class="cover-logo" src="data:image/png;base64,' in html
    page = client.get(reverse("report:document", args=[team.strategy.uuid])).text
    assert '<img class="cover-logo" src="data:image/png;base64,' in page

    edit = Edit.objects.get(strategy=team.strategy)
    assert (edit.user, edit.verb, edit.kind) == (team.editor, "added", "report.documentbrand")


@needs_commands("pdfimages")
def test_the_pdf_draws_the_logo_on_its_cover(team, tmp_path):
    DocumentBrand.objects.create(strategy=team.strategy, colour="#112233", logo=png(200, 100))
    path = tmp_path / "document.pdf"
    path.write_bytes(render_pdf(build_document(team.strategy)))
    listed = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (image,) = listed.splitlines()[2:]
    assert image.split()[3:5] == ["200", "100"]  # width and height, on page 1


def test_the_colour_is_read_as_people_write_it_or_refused(team, client_for):
    client = client_for(team.owner)
    post(client, team.strategy, colour="abc")
    brand = DocumentBrand.objects.get(strategy=team.strategy)
    assert brand.colour == "#aabbcc"
    for hostile in ("red; background: url(http://127.0.0.1:9/)", "#12345g", "#1234567", "}"):
        response = post(client, team.strategy, brand.edit_version, colour=hostile)
        assert response.status_code == 200
        assert "six hexadecimal digits" in response.text
        assert DocumentBrand.objects.get(pk=brand.pk).colour == "#aabbcc"
    post(client, team.strategy, brand.edit_version, colour="")
    assert DocumentBrand.objects.get(pk=brand.pk).colour == ""


def bomb() -> bytes:
    """A PNG whose header claims 100,000 × 100,000 pixels, in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    pixels = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "not an image we can read",
        ),
        (b"just text, named like a picture", "logo.png", "not an image we can read"),
        (png()[:40], "cut.png", "not an image we can read"),
        (bomb(), "bomb.png", "not an image we can read"),
        (b"\x89PNG" + b"\0" * (2 * 1024 * 1024), "huge.png", "larger than 2 MB"),
    ],
    ids=["svg", "text", "truncated", "bomb", "huge"],
)
def test_a_hostile_logo_is_refused_with_a_message_and_the_colour_kept(
    team, client_for, data, name, message
):
    client = client_for(team.owner)
    response = post(client, team.strategy, colour="#6f4e37", logo=upload(data, name))
    assert response.status_code == 200
    assert message in response.text
    assert 'value="#6f4e37"' in response.text  # what was typed is still there
    assert not DocumentBrand.objects.exists()


def test_a_look_saved_meanwhile_is_not_overwritten_unseen(team, client_for):
    first = client_for(team.owner)
    post(first, team.strategy, colour="#6f4e37")
    drawn = DocumentBrand.objects.get(strategy=team.strategy).edit_version
    post(first, team.strategy, drawn, colour="#112233")  # someone saves first

    response = post(first, team.strategy, drawn, colour="#abcdef")  # from the older page
    assert response.status_code == 200
    assert "Someone else changed the document’s look" in response.text
    assert 'value="#abcdef"' in response.text
    brand = DocumentBrand.objects.get(strategy=team.strategy)
    assert brand.colour == "#112233"
    # Saving again from the page as it came back is a choice to replace theirs.
    assert post(first, team.strategy, brand.edit_version, colour="#abcdef").status_code == 302
    assert DocumentBrand.objects.get(strategy=team.strategy).colour == "#abcdef"


def test_removing_the_logo(team, client_for):
    brand = DocumentBrand.objects.create(strategy=team.strategy, logo=png())
    client = client_for(team.owner)
    assert 'name="remove_logo"' in client.get(look_url(team.strategy)).text
    post(client, team.strategy, brand.edit_version, remove_logo="on")
    assert bytes(DocumentBrand.objects.get(pk=brand.pk).logo) == b""
    assert '<img class="cover-logo"' not in render_html(build_document(team.strategy))


def test_the_pdf_renderer_reads_only_a_png_logo(team):
    logo = "data:image/png;base64," + base64.b64encode(png()).decode()
    assert refuse_everything(logo).status == 200
    for url in (
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:text/html,<script>alert(1)</script>",
        "data:image/png;base64,bm90IGEgcG5n",  # "not a png"
        "data:image/png;base64,!!!",
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
    ):
        with pytest.raises(RefusedFetch):
            refuse_everything(url)
