"""`make bench`: run every benchmark module, print the table, write docs/benchmarks.md."""

from __future__ import annotations

import importlib
import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.timing import Row

#: Each module exposes run() -> list[Row]; a module not there yet is reported, not fatal.
MODULES = ["bench_sales", "bench_offers", "bench_receipts", "bench_reports", "bench_checkout"]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| figure | median | spread (IQR) | floor | floor median | ratio | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        floor_ms = f"{r['floor_ms']:.2f} ms" if r["floor_ms"] is not None else "—"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        lines.append(
            f"| {r['figure']} | {r['median_ms']:.2f} ms | {r['spread_ms']:.2f} ms | {r['floor']} "
            f"| {floor_ms} | {ratio} | {r['target']} |"
        )
    return "\n".join(lines)


def main() -> int:
    rows: list[Row] = []
    problems: list[str] = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as error:
            problems.append(f"{name}: not available ({error})")
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(module.run())
        except Exception:  # a broken benchmark must not hide the others' figures
            problems.append(f"{name}: failed\n{traceback.format_exc()}")
    text = table(rows)
    print(text)
    for problem in problems:
        print(problem, file=sys.stderr)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(
        f"# Benchmarks\n\nMeasured {stamp} on {machine()} by `make bench`.\n"
        "Each figure is the median of many runs after a warm-up; the floor is measured in the same run.\n\n"
        f"{text}\n" + "".join(f"\n- not measured: {p.splitlines()[0]}" for p in problems) + "\n",
        encoding="utf-8",
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
