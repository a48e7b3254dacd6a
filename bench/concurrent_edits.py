"""Several editors working on one strategy at once, for 30 s, on PostgreSQL or SQLite.

python -m bench.concurrent_edits [--users 6] [--seconds 30] [--database sqlite]

gunicorn (2 workers, 4 threads each, DEBUG off) serves a fresh database: a
PostgreSQL database created on 127.0.0.1 and dropped afterwards, or a SQLite
file in a temporary directory (set DATABASE_URL to use another). Each
simulated editor logs in through the login form and then, in a loop, submits
forms the way the browser does (every field as the page filled it, with the
CSRF token and the hidden edit version):

- edits the one goal that every editor edits (a conflict is expected and fine:
  the second editor is shown both versions, nothing is written);
- edits a content piece of their own (nobody else touches it);
- adds a channel to the inventory.

Afterwards it checks that no request failed with a server error and that
nothing was lost: the shared goal's version counts exactly the saves that
were answered "saved", each editor's piece holds the last title they saved,
and every channel answered "added" is in the database.
"""

import argparse
import atexit
import http.cookiejar
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


class Forms(HTMLParser):
    """Every form of a page with the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._form["fields"].append([self._select, attrs.get("value", "")])
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Editor:
    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.username = username
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.statuses: Counter = Counter()
        self.login(password)

    def request(self, path: str, data: list | None = None) -> tuple[int, str]:
        pairs = [tuple(pair) for pair in data] if data is not None else None
        body = urllib.parse.urlencode(pairs).encode() if pairs is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.statuses[status] += 1
        return status, text

    def form(self, path: str, action: str | None = None) -> list:
        _status, page = self.request(path)
        parser = Forms()
        parser.feed(page)
        wanted = action or path
        for form in parser.forms:
            if form["action"] in (wanted, "") and any(
                n == "csrfmiddlewaretoken" for n, _ in form["fields"]
            ):
                return form["fields"]
        raise RuntimeError(f"no form for {wanted} on {path}")

    def submit(self, path: str, changes: dict, action: str | None = None) -> int:
        fields = [list(pair) for pair in self.form(path, action)]
        for name, value in changes.items():
            for pair in fields:
                if pair[0] == name:
                    pair[1] = value
        status, _text = self.request(action or path, fields)
        return status

    def login(self, password: str) -> None:
        status = self.submit("/accounts/login/", {"username": self.username, "password": password})
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def prepare(users: int):
    from django.contrib.auth import get_user_model

    from bench import generate
    from content_plan.models import ContentPiece
    from strategy_planner.models import Membership, Role

    strategy = generate.ensure("typical")
    password = secrets.token_urlsafe(12)
    editors = []
    pieces = list(ContentPiece.objects.filter(strategy=strategy).order_by("pk")[:users])
    for number in range(users):
        user = get_user_model().objects.create_user(f"load-editor-{number}", password=password)
        Membership.objects.create(strategy=strategy, user=user, role=Role.EDITOR)
        editors.append((user.username, pieces[number]))
    goal = strategy.goals.order_by("pk").first()
    return strategy, goal, editors, password


def work(editor: Editor, strategy, goal, piece, until: float, log: dict) -> None:
    uuid = strategy.uuid
    goal_path = f"/strategies/{uuid}/goals/{goal.pk}/edit/"
    piece_path = f"/strategies/{uuid}/content/plan/{piece.pk}/edit/"
    inventory = f"/strategies/{uuid}/channels/"
    number = 0
    while time.monotonic() < until:
        number += 1
        text = f"{editor.username} #{number}"
        status = editor.submit(goal_path, {"marketing_goal": f"Shared goal · {text}"})
        log["goal"][status] += 1
        title = f"Piece of {text}"
        status = editor.submit(piece_path, {"title": title})
        log["piece"][status] += 1
        if status == 302:
            log["piece_titles"][piece.pk] = title
        name = f"Load channel {text}"
        status = editor.submit(
            inventory,
            {"new-name": name, "new-media_type": "owned", "new-kind": "website"},
            action=inventory,
        )
        log["asset"][status] += 1
        if status == 302:
            log["assets"].append(name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    options = parser.parse_args(argv)

    database = None
    if not os.environ.get("DATABASE_URL") and options.database == "sqlite":
        directory = tempfile.mkdtemp(prefix="planner-load-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/load.sqlite3"
    elif not os.environ.get("DATABASE_URL"):
        import psycopg

        database = f"planner_load_{secrets.token_hex(4)}"
        with psycopg.connect(
            ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    try:
        return run(options)
    finally:
        if database:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(
                ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
            ) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run(options) -> int:
    from bench.run import configure

    configure()
    from bench.throughput import free_port, start_server
    from strategy_planner.models import Goal

    strategy, goal, editors, password = prepare(options.users)
    start_version = Goal.objects.get(pk=goal.pk).edit_version
    port = free_port()
    os.environ["GUNICORN_CMD_ARGS"] = "--threads 4"
    os.environ["LOG_LEVEL"] = "ERROR"  # a 409 conflict is expected here, not news
    server = start_server(port)
    try:
        return _load(options, strategy, goal, editors, password, port, start_version)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(options, strategy, goal, editors, password, port, start_version) -> int:
    from content_plan.models import ContentPiece
    from strategy_planner.models import Goal

    base = f"http://127.0.0.1:{port}"
    log = {
        "goal": Counter(),
        "piece": Counter(),
        "asset": Counter(),
        "piece_titles": {},
        "assets": [],
    }
    sessions = [(Editor(base, username, password), piece) for username, piece in editors]
    until = time.monotonic() + options.seconds
    started = time.monotonic()
    threads = [
        threading.Thread(target=work, args=(editor, strategy, goal, piece, until, log))
        for editor, piece in sessions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    statuses = sum((editor.statuses for editor, _piece in sessions), Counter())
    requests = sum(statuses.values())
    errors = sum(count for status, count in statuses.items() if status >= 500)
    saved_goal = log["goal"][302]
    final_goal = Goal.objects.get(pk=goal.pk)
    lost = []
    if final_goal.edit_version != start_version + saved_goal:
        lost.append(
            f"shared goal: version {final_goal.edit_version}, expected {start_version + saved_goal}"
        )
    for pk, title in log["piece_titles"].items():
        if ContentPiece.objects.get(pk=pk).title != title:
            lost.append(f"piece {pk}: last saved title is missing")
    stored = set(
        strategy.assets.filter(name__startswith="Load channel").values_list("name", flat=True)
    )
    missing = [name for name in log["assets"] if name not in stored]
    if missing:
        lost.append(f"{len(missing)} added channels are missing")

    from django.db import connection

    print(
        f"concurrent edits · {options.users} editors · {elapsed:.0f} s · {connection.display_name}"
    )
    rate = requests / elapsed
    print(f"  requests {requests} ({rate:.1f}/s), statuses {dict(sorted(statuses.items()))}")
    print(
        f"  shared goal: {saved_goal} saved, {log['goal'][409]} told of a conflict; "
        f"own pieces: {log['piece'][302]} saved; channels: {log['asset'][302]} added"
    )
    print(f"  server errors: {errors}  ·  lost updates: {len(lost)}")
    for problem in lost:
        print(f"    {problem}")
    ok = errors == 0 and not lost and saved_goal > 0
    print("  OK" if ok else "  FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
