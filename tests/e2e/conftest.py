from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class OneRequestAtATime(WSGIServer):
    """The browser tests' server, answering one request at a time.

    On SQLite the tests' in-memory database is one connection, shared with the
    server; Django's threaded server lets two requests (a live check while a form
    is saved, say) interleave their transactions on it, which SQLite refuses
    ("cannot start a transaction within a transaction"). Not being a threading
    server, it also tells the browser to close each connection, so a kept-alive
    connection never holds up the next request.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATime

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
