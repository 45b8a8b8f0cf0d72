"""`make bench`: every figure beside its baseline, as a table and as benchmarks/results.jsonl.

Run: .venv/bin/python -m benchmarks.run [--only inference,gui_latency,...] [--smoke]
--smoke runs every suite once, tiny, and writes nothing: `make test` does, so that a renamed
widget cannot break `make bench` unnoticed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform

from benchmarks.common import ROOT

SUITES = ("inference", "gui_latency", "startup", "training", "memory", "accuracy", "learning",
          "numbers", "not_a_digit", "recipes")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def table(rows: list[dict]) -> str:
    lines = ["| metric | ours | baseline | ratio (×, higher is better) | unit |",
             "| --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        lines.append(f"| {r['metric']} | {fmt(r['ours'])} | {fmt(r['baseline'])} | "
                     f"{fmt(r['ratio'])} | {r['unit']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated subset of " + ", ".join(SUITES))
    parser.add_argument("--smoke", action="store_true", help="tiny runs; results not saved")
    args = parser.parse_args()
    suites = args.only.split(",") if args.only else SUITES
    rows = []
    for name in suites:
        module = importlib.import_module(f"benchmarks.{name}")
        rows += module.run(smoke=args.smoke)
    if args.smoke:
        print(table(rows))
        return
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    print(f"\nDigitPad benchmarks, {stamp}, {machine()}\n")
    print(table(rows))
    results = ROOT / "benchmarks" / "results.jsonl"
    kept = []  # with --only, the other suites' latest rows stay
    if args.only and results.exists():
        fresh = {r["metric"] for r in rows}
        kept = [line for line in results.read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line)["metric"] not in fresh]
    with open(results, "w", encoding="utf-8") as out:
        for line in kept:
            out.write(line + "\n")
        for r in rows:
            out.write(json.dumps(dict(r, date=stamp, machine=machine())) + "\n")


if __name__ == "__main__":
    main()
