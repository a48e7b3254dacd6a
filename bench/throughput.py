"""Requests per second of a wizard step page under gunicorn, against bare Django.

gunicorn (2 sync workers, DEBUG off) serves the benchmark database on a free
loopback port; wrk sends a bounded load (2 threads, 8 connections, 5 s) with
the step owner's session cookie. The floor is a bare Django view rendering
50 content-plan rows with a plain template (bench/views.py), served by the
same server with the same middleware and the same cookie. The two are run in
turn, twice each, and each side's mean is kept.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.test import Client
from django.urls import reverse

from bench import generate
from bench.measure import Figure, report, verdict
from strategy_planner.models import Role

STEP = "assets:inventory"  # 40 rows in the typical strategy, close to the floor's 50
ROUNDS = 2
WRK = ["-t2", "-c8", "-d5s"]
TIMEOUT = ["--timeout", "10s"]  # wrk's own 2 s would drop slow answers on a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    return connection.getresponse().status


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "strategy_planner.wsgi:application"),
            *("--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer on its port")


def wrk(url: str, cookie: str, options=WRK) -> dict:
    out = subprocess.run(
        ["wrk", *options, *TIMEOUT, "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(failed[1]) if failed else 0
    socket_errors = re.search(r"Socket errors: (.*)", out)  # connect, read, write, timeout
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors[1]))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "latency": re.search(r"Latency\s+(\S+)", out)[1],
        "errors": errors,
    }


def run(figures: list) -> None:
    if not shutil.which("wrk"):
        print("throughput skipped: wrk is not installed (sudo apt-get install wrk)")
        return
    strategy = generate.ensure("typical")
    client = Client()
    client.force_login(strategy.memberships.get(role=Role.OWNER).user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    paths = {"floor": reverse("bench_bare"), "ours": reverse(STEP, args=[strategy.uuid])}
    port = free_port()
    server = start_server(port)
    try:
        for path in paths.values():
            answer = status(port, path, cookie)
            if answer != 200:
                raise RuntimeError(f"GET {path} answered {answer} under gunicorn")
            wrk(f"http://127.0.0.1:{port}{path}", cookie, ["-t2", "-c8", "-d1s"])  # warm up
        results = {side: [] for side in paths}
        for _ in range(ROUNDS):
            for side, path in paths.items():
                results[side].append(wrk(f"http://127.0.0.1:{port}{path}", cookie))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rps = {side: sum(r["rps"] for r in rounds) / len(rounds) for side, rounds in results.items()}
    errors = sum(r["errors"] for rounds in results.values() for r in rounds)
    share = rps["ours"] / rps["floor"]
    report(
        Figure(
            "throughput",
            f"typical: {STEP.split(':')[1]} step, wrk {' '.join(WRK)}",
            f"{rps['ours']:.0f} req/s",
            f"{rps['floor']:.0f} req/s",
            f"{share:.0%}",
            "≥65%",
            verdict(share >= 0.65 and not errors),
            {"rps": rps, "rounds": results},
            detail=f"{errors} failed or timed out" if errors else "",
        ),
        figures,
    )
