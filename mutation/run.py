"""Mutation testing of the rules: python -m mutation.run [group ...] (make mutate).

mutmut changes one thing at a time in the rule functions named below (a ``<`` into
``<=``, a string into another, a call argument into ``None``...) and runs the tests
that reach the function; a change no test notices "survives". Every surviving
mutant is either killed by a test or explained, by name, in docs/testing.md: the
report below lists the ones that are neither and the run then fails.

Not part of ``make test``: it runs each mutant's tests in a fork of its own and takes
about an hour and three quarters on two cores. The project is copied into
``mutants/`` (see ``[tool.mutmut]`` in pyproject.toml for the modules and the tests
it runs).
"""

import argparse
import fnmatch
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLAINED_IN = ROOT / "docs" / "testing.md"
MUTMUT = Path(sys.executable).with_name("mutmut")

# Each group: what it is, and the mutmut names of its functions (shell-style patterns).
GROUPS = {
    "rules": (
        "Channel rules (content_plan/rules.py)",
        ["content_plan.rules.*"],
    ),
    "access": (
        "Access (strategy_planner/access.py)",
        ["strategy_planner.access.*"],
    ),
    "completeness": (
        "Step completeness (the steps' rules in each app's models)",
        [
            "strategy_planner.models.x_basics_step_complete*",
            "strategy_planner.models.x_goals_step_complete*",
            "strategy_planner.models.xǁGoalQuerySetǁmeasurable*",
            "personas.models.x_personas_step_complete*",
            "personas.models.xǁBuyerPersonaQuerySetǁwith_*",
            "assets.models.x_inventory_step_complete*",
            "assets.models.x_earned_step_complete*",
            "assets.models.x_paid_step_complete*",
            "assets.models.x__assets__*",
            "assets.models.xǁAssetQuerySetǁwithout_figures*",
            "content_plan.models.x_content_step_complete*",
            "content_plan.models.xǁContentPieceQuerySetǁdated*",
            "content_plan.models.xǁMessageSequenceQuerySetǁwith_errors*",
            "report.models.x_consolidate_step_complete*",
        ],
    ),
    "cells": (
        "Workbook cell safety (report/spreadsheet.py)",
        ["report.spreadsheet.*"],
    ),
    "import": (
        "Import validation (report/xlsx_import.py: the row checks and the cells read)",
        [
            "report.xlsx_import.xǁRowCheckerǁ*",
            "report.xlsx_import.x_check_rows*",
            "report.xlsx_import.x__to_*",
            "report.xlsx_import.x__clean_text*",
            "report.xlsx_import.x__parse_*",
            "report.xlsx_import.x__row_ids*",
            "report.xlsx_import.x__same*",
            "report.xlsx_import.x__form_data*",
            "report.xlsx_import.x__check_again*",
        ],
    ),
}

RESULT = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+?)\s*$")


def results() -> dict[str, str]:
    """Every mutant's status, as ``mutmut results`` gives it."""
    listed = subprocess.run(
        [MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {
        match["name"]: match["status"]
        for match in map(RESULT.match, listed.stdout.splitlines())
        if match
    }


def explained() -> set[str]:
    """The mutant names docs/testing.md explains (written in backquotes)."""
    text = EXPLAINED_IN.read_text(encoding="utf-8") if EXPLAINED_IN.exists() else ""
    return set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", text))


def report(groups: list[str]) -> int:
    statuses, known = results(), explained()
    unexplained = []
    print()
    print(f"{'Group':<62} {'mutants':>8} {'killed':>7} {'alive':>6} {'score':>7}")
    for group in groups:
        title, patterns = GROUPS[group]
        names = sorted(
            name
            for name in statuses
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
        )
        killed = [name for name in names if statuses[name] == "killed"]
        alive = [name for name in names if statuses[name] != "killed"]
        score = 100 * len(killed) / len(names) if names else 0
        print(f"{title:<62} {len(names):>8} {len(killed):>7} {len(alive):>6} {score:>6.1f}%")
        unexplained += [name for name in alive if name not in known]
    if unexplained:
        print()
        print(f"Not killed and not explained in {EXPLAINED_IN.relative_to(ROOT)}:")
        for name in unexplained:
            print(f"  {name}: {statuses[name]}  (mutmut show {name})")
        return 1
    print()
    print(f"Every mutant left alive is explained in {EXPLAINED_IN.relative_to(ROOT)}.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", metavar="group", help=", ".join(GROUPS))
    parser.add_argument(
        "--report-only", action="store_true", help="report the last run without running again"
    )
    arguments = parser.parse_args()
    unknown = [group for group in arguments.groups if group not in GROUPS]
    if unknown:
        parser.error(f"no such group: {', '.join(unknown)} (the groups: {', '.join(GROUPS)})")
    chosen = arguments.groups or list(GROUPS)
    if not arguments.report_only:
        patterns = [pattern for group in chosen for pattern in GROUPS[group][1]]
        print(
            f"Mutation testing: {', '.join(chosen)} "
            "(about an hour and three quarters for all on two cores)"
        )
        run = subprocess.run([MUTMUT, "run", *patterns], cwd=ROOT)
        if run.returncode:
            return run.returncode
    return report(chosen)


if __name__ == "__main__":
    sys.exit(main())
