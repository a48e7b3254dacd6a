"""The PDF renderer fetches nothing from outside the document: HTML that asks for an
image, a background and a stylesheet from a server, and for a local file, is drawn
without them, each refusal logged. The one thing read is the document's own logo,
a PNG held as a data URL."""

import base64
import io
import logging
import socket
import subprocess
import threading
from unittest import mock

import pytest
from PIL import Image

from report import pdf as pdf_module
from report.pdf import write_pdf
from tests.conftest import needs_commands

PASSWD = "file:///etc/passwd"
DISCARD = "http://127.0.0.1:9/"  # the discard port: nothing should ever ask it
NOT_A_PNG = "data:image/png;base64,bm90IGEgcG5n"  # "not a png"
LOGGED = "PDF renderer refused to fetch "
SVG = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="


class Listener:
    """A server on a free local port that counts the connections made to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self):
        while not self.stopping.is_set():
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def stop(self):
        self.stopping.set()
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.stop()


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), (111, 78, 55)).save(out, format="PNG")
    return out.getvalue()


def hostile_html(server: str) -> str:
    logo = "data:image/png;base64," + base64.b64encode(logo_png()).decode()
    return f"""<!doctype html>
<html><head>
<style>
@import url({server}imported.css);
@import url({DISCARD}imported.css);
.cover {{ background: url({server}background.png); height: 4cm; }}
.page {{ background-image: url({DISCARD}background.png); height: 4cm; }}
</style>
<link rel="stylesheet" href="{server}linked.css">
</head><body>
<div class="cover">Cover</div>
<div class="page">Page</div>
<img src="{server}image.png" alt="remote">
<img src="{DISCARD}image.png" alt="discard">
<img src="{PASSWD}" alt="local file">
<img src="{NOT_A_PNG}" alt="not a png">
<img src="{SVG}" alt="svg">
<img class="cover-logo" src="{logo}" alt="logo">
</body></html>"""


@needs_commands("pdfimages")
def test_the_pdf_renderer_fetches_nothing_but_its_own_logo(listener, caplog, tmp_path):
    asked = []
    real = pdf_module.refuse_everything

    def recording(url, *args, **kwargs):
        asked.append(url)
        return real(url, *args, **kwargs)

    with (
        mock.patch.object(pdf_module, "refuse_everything", recording),
        caplog.at_level(logging.WARNING, logger="report.pdf"),
    ):
        data = write_pdf(hostile_html(listener.url))
    assert data.startswith(b"%PDF")

    # Nothing reached the server.
    assert listener.connections == 0
    # The fetcher was asked for every URL, and refused all but the logo.
    refused = {
        f"{listener.url}imported.css",
        f"{listener.url}background.png",
        f"{listener.url}linked.css",
        f"{listener.url}image.png",
        f"{DISCARD}imported.css",
        f"{DISCARD}background.png",
        f"{DISCARD}image.png",
        PASSWD,
        NOT_A_PNG,
        SVG,
    }
    assert refused <= set(asked)
    logged = {
        record.getMessage()
        for record in caplog.records
        if record.name == "report.pdf" and record.levelno == logging.WARNING
    }
    assert {f"{LOGGED}{url}" for url in refused} <= logged
    assert not any(message.startswith(f"{LOGGED}data:image/png;base64,iVBOR") for message in logged)

    # The logo alone is drawn: one image, 120 × 60.
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in listed] == [["120", "60"]]
