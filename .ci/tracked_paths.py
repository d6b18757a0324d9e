"""Fail when the repository tracks a link or an absolute path that points outside itself.

Such a path works on the machine that committed it and nowhere else: a fresh clone on a new
machine (a department's, or CI's) finds nothing there. Run by .ci/run before anything else,
with whatever Python the machine has (standard library only).
"""

import os
import re
import subprocess
import sys

ROOT = subprocess.run(
    ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
).stdout.strip()
# Absolute paths into home folders, work areas and mounts, and relative paths into the sibling
# shared/ folder: none of them exists in another clone. System paths (/usr/bin/chromium) are fine.
OUTSIDE = re.compile(r"(?<![\w.\-/])(?:/(?:work|root|home|Users|mnt)/[\w.\-]+|\.\./shared\b)")
SKIP_SUFFIXES = (".mo", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".xlsx", ".docx", ".ico", ".woff", ".woff2")


def tracked():
    out = subprocess.run(["git", "ls-files", "-s", "-z"], capture_output=True, check=True, cwd=ROOT).stdout
    for entry in out.split(b"\0"):
        if entry:
            meta, path = entry.split(b"\t", 1)
            mode, sha, _ = meta.split()
            yield mode.decode(), sha.decode(), path.decode()


def link_problem(sha, path):
    target = subprocess.run(["git", "cat-file", "-p", sha], capture_output=True, check=True, cwd=ROOT).stdout.decode()
    resolved = os.path.normpath(os.path.join(ROOT, os.path.dirname(path), target))
    if os.path.isabs(target) or not (resolved + os.sep).startswith(ROOT + os.sep):
        return f"{path}: a link to {target}, outside the repository"
    return None


def path_problems(path):
    if path.endswith(SKIP_SUFFIXES) or path == ".ci/tracked_paths.py":
        return
    try:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            lines = f.readlines()
    except (UnicodeDecodeError, FileNotFoundError):
        return
    for number, line in enumerate(lines, 1):
        for match in OUTSIDE.finditer(line):
            yield f"{path}:{number}: {match.group(0)} points outside the repository"


def main():
    problems = []
    for mode, sha, path in tracked():
        if mode == "120000":
            problem = link_problem(sha, path)
            if problem:
                problems.append(problem)
        elif mode.startswith("100"):
            problems.extend(path_problems(path))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} tracked path(s) point outside the repository: a fresh clone cannot use them.")
        return 1
    print("Tracked paths: none points outside the repository.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
