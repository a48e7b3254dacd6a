"""Run the benchmarks: python -m bench.run [pdf workbook pages throughput import | all] [--profile]

Each runs on a throwaway SQLite database in a temporary directory (or on
DATABASE_URL when it is set), migrated here, so a run never touches
db.sqlite3. Every figure is printed with the floor it is compared with and
the budget; the whole run is also written to bench/results/latest.json and
latest.md.
"""

import argparse
import atexit
import datetime
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
import traceback

BENCHMARKS = ("pdf", "workbook", "pages", "throughput", "import")


def configure() -> str:
    """Point Django at the benchmark settings and a database; return what the database is."""
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="planner-bench-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        # A terminated run cleans up too (atexit runs on SystemExit, not on a bare SIGTERM).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    version = ".".join(str(part) for part in connection.get_database_version())
    return f"{connection.display_name} {version}"


def machine(database: str) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            names = [
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": database,
        "system": f"{platform.system()} {platform.release()}",
    }


def write_results(figures: list, about: dict) -> None:
    from bench.measure import RESULTS

    RESULTS.mkdir(exist_ok=True)
    data = {"machine": about, "figures": [figure.as_dict() for figure in figures]}
    (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    lines = [
        f"{about['date']} · {about['cpu']}, {about['cores']} cores · Python {about['python']} "
        f"· {about['database']}",
        "",
        "| benchmark | case | ours | floor | ratio | budget | | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {f.bench} | {f.case} | {f.ours} | {f.floor} | {f.ratio} | {f.budget} | {f.verdict} "
        f"| {f.detail} |"
        for f in figures
    ]
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # No "choices" here: argparse (Python 3.11) rejects an empty list against them.
    parser.add_argument(
        "benchmarks", nargs="*", help=f"any of {', '.join(BENCHMARKS)}; all when none"
    )
    parser.add_argument("--profile", action="store_true", help="profile our side with pyinstrument")
    args = parser.parse_args(argv)
    chosen = tuple(args.benchmarks)
    unknown = set(chosen) - {*BENCHMARKS, "all"}
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(sorted(unknown))}")
    if not chosen or "all" in chosen:
        chosen = BENCHMARKS

    database = configure()
    from bench import imports, measure, pages, pdf, throughput, workbook

    measure.PROFILE["enabled"] = args.profile
    modules = {
        "pdf": pdf,
        "workbook": workbook,
        "pages": pages,
        "throughput": throughput,
        "import": imports,
    }
    about = machine(database)
    print(f"{about['cpu']}, {about['cores']} cores · Python {about['python']} · {database}")
    figures = []
    started = time.perf_counter()
    for name in chosen:
        try:
            modules[name].run(figures)
        except Exception:  # one broken benchmark should not hide the others' figures
            traceback.print_exc()
            figures.append(measure.Figure(name, "did not finish", "—", verdict="ERROR"))
    write_results(figures, about)
    missed = [f for f in figures if f.verdict not in ("", "OK")]
    print(
        f"{len(figures)} figures in {time.perf_counter() - started:.0f} s; "
        f"{len(missed)} not OK. Results in bench/results/latest.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
