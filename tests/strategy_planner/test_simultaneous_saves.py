"""Members saving at the same moment, on SQLite (the default database), through a
real server: nobody gets a server error, and nothing anybody saved is lost.

The server is gunicorn with several threads over a SQLite file, as a team would
run it on one machine; the requests leave together from behind a barrier.
"""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from bench.concurrent_edits import Editor

EDITORS = 6

SETUP = """
from django.contrib.auth import get_user_model
from strategy_planner.models import Membership, Role, Strategy
from tests.factories import BuyerPersonaFactory, StrategyFactory
strategy = StrategyFactory(name="Simultaneous")
BuyerPersonaFactory(strategy=strategy, name="Shared persona")
for number in range({editors}):
    user = get_user_model().objects.create_user(f"editor{{number}}", password="{password}")
    Membership.objects.create(strategy=strategy, user=user, role=Role.EDITOR)
    BuyerPersonaFactory(strategy=strategy, name=f"Persona of editor{{number}}")
print(strategy.uuid)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """gunicorn serving a fresh SQLite file; yields its address, the strategy and a password."""
    password = secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'team.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_SETTINGS_MODULE": "strategy_planner.settings",
        "DEBUG": "true",
    }
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    uuid = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            SETUP.format(editors=EDITORS, password=password),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    log = Path(tmp_path / "server.log").open("w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            *(python, "-m", "gunicorn", "strategy_planner.wsgi:application"),
            *("--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "gunicorn did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", uuid, password, env
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def together(tasks) -> list:
    """Run the tasks in threads that start at the same moment; their results in order."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        prepared = task()  # load the form first, as a person does before pressing Save
        barrier.wait()
        results[index] = prepared()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def stored(env, code: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def edit(editor: Editor, path: str, changes: dict):
    """Load the edit page now; the returned function presses Save."""
    fields = [list(pair) for pair in editor.form(path)]
    for name, value in changes.items():
        for pair in fields:
            if pair[0] == name:
                pair[1] = value
    return lambda: editor.request(path, fields)[0]


def test_simultaneous_saves_on_sqlite_are_saved_or_told_never_lost(server):
    base, uuid, password, env = server
    editors = [Editor(base, f"editor{number}", password) for number in range(EDITORS)]
    ids = dict(
        line.split("=", 1)
        for line in stored(
            env,
            "from personas.models import BuyerPersona\n"
            "for p in BuyerPersona.objects.all(): print(f'{p.name}={p.pk}')",
        ).splitlines()
    )
    personas = f"/strategies/{uuid}/personas"

    # Everybody saves a persona of their own at the same moment: all saved.
    own = together(
        [
            lambda editor=editor: edit(
                editor,
                f"{personas}/{ids[f'Persona of {editor.username}']}/edit/",
                {"name": f"Renamed by {editor.username}"},
            )
            for editor in editors
        ]
    )
    assert own == [302] * EDITORS
    names = stored(
        env,
        "from personas.models import BuyerPersona\n"
        "print(sorted(BuyerPersona.objects.values_list('name', flat=True)))",
    )
    for editor in editors:
        assert f"Renamed by {editor.username}" in names

    # Everybody saves the same persona at the same moment: one is saved, the
    # others are shown both versions; no server error either way.
    shared = together(
        [
            lambda editor=editor: edit(
                editor,
                f"{personas}/{ids['Shared persona']}/edit/",
                {"summary": f"Summary by {editor.username}"},
            )
            for editor in editors
        ]
    )
    assert sorted(shared) == [302] + [409] * (EDITORS - 1), shared
    summary = stored(
        env,
        f"from personas.models import BuyerPersona\n"
        f"print(BuyerPersona.objects.get(pk={ids['Shared persona']}).summary)",
    )
    winner = editors[shared.index(302)].username
    assert summary == f"Summary by {winner}"
    statuses = sum((editor.statuses for editor in editors), start=editors[0].statuses.__class__())
    assert not [status for status in statuses if status >= 500], statuses
