#!/usr/bin/env python
"""Run every benchmark in bench/ one after the other and print their tables.

    .venv/bin/python bench/run_all.py [--quick] [--articles N]

Each benchmark measures its routes against a baseline taken in its own run (a static file from
the same server, the news index, or a bare INSERT view), so every ratio printed compares numbers
from one run; see each script's docstring for what it builds. --quick uses small sizes (a few
minutes in all) to check that everything runs; the README's numbers come from the full sizes
(about 40 minutes on the 2-core CI machine). --articles N sets the news section's size (default
5,000; the goals hold at 50,000 too, whose build takes a while). The news benchmark ends with its
goals, each with its ratio and a pass/SHORT mark, as do the procedures' and the votes' benchmarks; the
run ends with all of them in one list. DATABASE_URL, when it names PostgreSQL, is passed on.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKS = ("pass", "SHORT")  # how the scripts end a goal's line

FULL = [
    ("news: index, article, search, page-cache hit vs static file", "bench_news.py", ["--articles", "5000"]),
    (
        "procedures: import rate, listing, facets, search vs news index",
        "bench_procedures.py",
        ["--procedures", "10000"],
    ),
    ("contacts and documents vs static file", "bench_contacts.py", []),
    ("polls: votes/s through the full stack vs a bare INSERT view", "bench_votes.py", ["--votes", "1000"]),
    ("polls, 20 concurrent clients", "bench_votes.py", ["--votes", "1000", "--clients", "20"]),
    ("citizens' feedback: form, Q&A listing, search vs static file", "bench_feedback.py", ["--items", "5000"]),
]
QUICK = {
    "bench_news.py": ["--articles", "300", "--requests", "30", "--budget", "10"],
    "bench_procedures.py": ["--procedures", "500", "--articles", "200", "--requests", "10"],
    "bench_contacts.py": ["--cards", "50", "--documents", "50", "--rows", "50", "--requests", "20", "--budget", "10"],
    "bench_votes.py": ["--votes", "200"],
    "bench_feedback.py": ["--items", "300", "--requests", "20", "--budget", "10"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to check that everything runs")
    parser.add_argument("--articles", type=int, help="articles in the news benchmark (default 5000)")
    args = parser.parse_args()
    failures, goals = [], []
    for title, script, options in FULL:
        if args.articles and script == "bench_news.py":
            options = ["--articles", str(args.articles)]
        elif args.quick:
            options = QUICK[script] + (["--clients", "20"] if "--clients" in options else [])
        print(f"\n{'=' * 100}\n{title}\n$ bench/{script} {' '.join(options)}\n{'=' * 100}", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(HERE / script), *options], stdout=subprocess.PIPE, text=True)
        print(result.stdout, end="", flush=True)
        marked = [line.strip() for line in result.stdout.splitlines() if line.rstrip().endswith(MARKS)]
        goals.append((title, marked))
        print(f"[{script}: {time.monotonic() - started:.0f} s, exit {result.returncode}]", flush=True)
        if result.returncode:
            failures.append(script)
    print(f"\n{'=' * 100}\nGoals, each with its ratio (from the runs above)\n{'=' * 100}")
    for title, marked in goals:
        print(f"{title}:")
        print("\n".join(f"  {line}" for line in marked) or "  (no goal printed)")
    shorts = sum(line.endswith("SHORT") for _, marked in goals for line in marked)
    print(f"\n{sum(len(marked) for _, marked in goals)} goals: {shorts} short.")
    if failures:
        sys.exit(f"\nFAILED: {', '.join(failures)}")
    print("\nAll benchmarks ran.")


if __name__ == "__main__":
    main()
