"""The organisation's logo for the document: an uploaded image read with care and
drawn again as a small PNG, so that what the PDF embeds is never the upload itself.

Only PNG, JPEG, GIF and WebP are read (no SVG: it can carry scripts and fetch
things); the file's size and its pixel count are bounded before any pixel is
decoded, and the image is drawn again at most ``MAX_SIDE`` pixels wide or high,
without its metadata.
"""

import base64
import io
import re

from django import forms
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a 5000 × 5000 image; a decompression bomb is far larger
MAX_SIDE = 600
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def read_logo(upload) -> bytes:
    """The upload as the document's logo (PNG bytes), or a ValidationError saying
    what is wrong with it."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The logo is larger than 2 MB. Choose a smaller file."))
    data = upload.read(MAX_BYTES + 1)
    try:
        with Image.open(io.BytesIO(data), formats=sorted(FORMATS)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS or not width or not height:
                raise forms.ValidationError(
                    _("The logo is too large an image. Choose one under 5,000 × 5,000 pixels.")
                )
            image.load()
            drawn = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise forms.ValidationError(
            _("That file is not an image we can read. Upload a PNG, JPEG, GIF or WebP logo.")
        ) from error
    drawn.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    drawn.save(out, format="PNG", optimize=True)
    return out.getvalue()


def normal_colour(value: str) -> str:
    """A colour as kept: "#rrggbb" in lower case, "" for none; ValidationError
    for anything else."""
    value = (value or "").strip().lower()
    if value and not value.startswith("#"):
        value = "#" + value
    if len(value) == 4:  # #abc
        value = "#" + "".join(c * 2 for c in value[1:])
    if value and not COLOUR.match(value):
        raise forms.ValidationError(
            _("Write the colour as # and six hexadecimal digits, e.g. #6f4e37.")
        )
    return value


def logo_url(png: bytes) -> str:
    """The logo written into the document (screen and PDF) as a data URL."""
    return "data:image/png;base64," + base64.b64encode(bytes(png)).decode("ascii") if png else ""
