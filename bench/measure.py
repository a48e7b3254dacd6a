"""Timing, the printed line of each figure, and the optional profile."""

import contextlib
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PROFILE = {"enabled": False}


@dataclass
class Figure:
    bench: str
    case: str
    ours: str
    floor: str = ""
    ratio: str = ""
    budget: str = ""
    verdict: str = ""  # OK, MISSED, OVER, GROWS, or empty when there is no budget
    numbers: dict = field(default_factory=dict)
    detail: str = ""

    def line(self) -> str:
        parts = [f"{self.bench:<10} {self.case:<34} ours {self.ours:>9}"]
        if self.floor:
            parts.append(f"floor {self.floor:>9}")
        if self.ratio:
            parts.append(f"ratio {self.ratio:>6}")
        if self.detail:
            parts.append(self.detail)
        if self.budget:
            parts.append(f"budget {self.budget:<12}")
        return "  ".join([*parts, self.verdict]).rstrip()

    def as_dict(self) -> dict:
        return asdict(self)


def report(figure: Figure, figures: list) -> Figure:
    print(figure.line(), flush=True)
    figures.append(figure)
    return figure


def verdict(ok: bool, failed: str = "MISSED") -> str:
    return "OK" if ok else failed


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn, runs: int, warmup: int = 1, patience: float = 30) -> float:
    """The median wall time of `fn` over `runs` calls, after `warmup` unmeasured ones.

    Stops early once the measured calls took `patience` seconds in all: a figure
    that far over its budget needs no more precision.
    """
    for _ in range(warmup):
        fn()
    samples = []
    while len(samples) < runs and sum(samples) < patience:
        samples.append(timed(fn))
    return statistics.median(samples)


def side_by_side(ours, floor, runs: int, patience: float = 30) -> tuple[float, float]:
    """Median times of `ours` and of its `floor`, run in turn so that both see the same load."""
    ours_times, floor_times = [], []
    while len(ours_times) < runs and sum(ours_times) + sum(floor_times) < patience:
        ours_times.append(timed(ours))
        floor_times.append(timed(floor))
    return statistics.median(ours_times), statistics.median(floor_times)


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def megabytes(value: float) -> str:
    return f"{value / 1024 / 1024:.2f} MB"


@contextlib.contextmanager
def profiled(name: str):
    """With --profile, write a pyinstrument profile of the block to bench/results/."""
    if not PROFILE["enabled"]:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001, use_timing_thread=True)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"profile-{name}.txt"
        path.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        print(f"           profile written to {path.relative_to(RESULTS.parent.parent)}")
