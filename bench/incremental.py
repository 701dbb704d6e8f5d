#!/usr/bin/env python3
"""Benchmark of builds made on top of the last one: what a newsroom publishing all day pays.

For each corpus size and each setup, on a copy of the shared generated corpus built with
--base-url (so feeds and sitemaps are made too), it measures:

  full build        into an empty output folder with an empty build cache
  unchanged         a build with nothing changed since the last
  new story         a build after one new story (3 tags) is filed, the newest of the site
  edited story      a build after one old story's body is edited

Each is the median of RUNS runs (wall time and peak memory from /usr/bin/time), and "files
changed" is what the build's change list (.newsroom/build/changes.json) counted: added +
updated + deleted. See bench/README.md.

    bench/incremental.py [N ...]          default size: 10000

Environment:
  RUNS=5                  runs per measurement
  NEWSROOM_BIN=path       the binary to measure (default target/release/newsroom, built first)
  BENCH_OUTPUT=dir        where corpora and outputs go (default target/bench); a tmpfs such as
                          /dev/shm keeps a slow or throttled disk out of the figures
  SETUPS="classic stable written quiet"  which setups to measure:
                          classic  every default (classic pagination, Latest stories written
                                   into every page, related stories from either side)
                          stable   pagination = "stable"
                          written  stable and related = "earlier", with the Latest stories
                                   list written into every page
                          quiet    stable, latest_list = "shared" and related = "earlier":
                                   the fewest files a new story changes
"""

SETUPS = {
    "classic": "",
    "stable": 'pagination = "stable"\n',
    "written": 'pagination = "stable"\nrelated = "earlier"\n',
    "quiet": 'pagination = "stable"\nlatest_list = "shared"\nrelated = "earlier"\n',
}

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = Path(os.environ.get("NEWSROOM_CORPUS_GEN", REPO.parent / "shared/bench/gen_corpus.py"))
BASE_URL = "https://bench.example.org/"


def say(text):
    print(text, file=sys.stderr, flush=True)


def binary():
    given = os.environ.get("NEWSROOM_BIN")
    if given:
        return Path(given).resolve()
    say("building target/release/newsroom")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return REPO / "target/release/newsroom"


def corpus(n, bench):
    folder = bench / f"corpus-{n}"
    if not (folder / "content").is_dir():
        say(f"generating {n} stories into {folder}")
        subprocess.run(
            [sys.executable, str(GENERATOR), str(n), str(folder), "--flavor", "yaml", "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def build(newsroom, site, output):
    """One build: its wall time in seconds, peak memory in MiB and files changed."""
    with tempfile.NamedTemporaryFile("r") as timing:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", timing.name, str(newsroom), "build",
             "--root", str(site), "--output", str(output), "--base-url", BASE_URL],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall, kib = timing.read().split()[-2:]
    changes = json.loads((site / ".newsroom/build/changes.json").read_text())
    changed = len(changes["added"]) + len(changes["updated"]) + len(changes["deleted"])
    return float(wall), int(kib) / 1024, changed


def new_story(site, run):
    """Files a new story, dated after every story of the corpus (an hour ago, so it is not
    scheduled), with three of its tags."""
    moment = datetime.now(timezone.utc) - timedelta(hours=1) + timedelta(minutes=run)
    (site / "content/bench-new").mkdir(parents=True, exist_ok=True)
    (site / f"content/bench-new/new-story-{run}.md").write_text(
        "---\n"
        f'title: "Council votes on the harbour bridge, part {run}"\n'
        f"date: {moment.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        'author: "Bench Reporter"\n'
        'tags: ["nato", "serbia", "crime"]\n'
        "---\n\n"
        "The council met late into the night.\n"
    )


def edit_story(story, run):
    text = story.read_text()
    story.write_text(text + f"\nCorrection {run}: an earlier version misspelt a name.\n")


def measure(newsroom, corpus_dir, n, pagination, bench, runs):
    site = bench / f"site-{n}-{pagination}"
    output = bench / f"out-{n}-{pagination}"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus_dir, site)
    (site / "newsroom.toml").write_text('title = "Bench"\n' + SETUPS[pagination])
    # An old story, in the middle of the archive.
    stories = sorted((site / "content").rglob("*.md"))
    old_story = stories[len(stories) // 2]
    rows = {}

    def record(name, results):
        walls = [r[0] for r in results]
        rows[name] = (
            statistics.median(walls), min(walls), max(walls),
            statistics.median(r[1] for r in results),
            statistics.median(r[2] for r in results),
        )
        say(f"  {n} {pagination} {name}: " + ", ".join(f"{w:.2f} s" for w in walls))

    full = []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(site / ".newsroom", ignore_errors=True)
        full.append(build(newsroom, site, output))
    record("full build", full)
    record("unchanged", [build(newsroom, site, output) for _ in range(runs)])
    added = []
    for run in range(runs):
        new_story(site, run)
        added.append(build(newsroom, site, output))
    record("new story", added)
    edited = []
    for run in range(runs):
        edit_story(old_story, run)
        edited.append(build(newsroom, site, output))
    record("edited story", edited)
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return rows


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10000]
    runs = int(os.environ.get("RUNS", "5"))
    bench = Path(os.environ.get("BENCH_OUTPUT", REPO / "target/bench")).resolve()
    bench.mkdir(parents=True, exist_ok=True)
    paginations = os.environ.get("SETUPS", "classic stable written quiet").split()
    newsroom = binary()
    print(f"{'stories':>8}  {'setup':<10} {'build':<13} {'median s':>9} {'min':>7} {'max':>7} {'peak MiB':>9} {'files changed':>14}")
    for n in sizes:
        corpus_dir = corpus(n, bench)
        for pagination in paginations:
            rows = measure(newsroom, corpus_dir, n, pagination, bench, runs)
            for name, (median, low, high, mib, changed) in rows.items():
                print(f"{n:>8}  {pagination:<10} {name:<13} {median:>9.2f} {low:>7.2f} {high:>7.2f} {mib:>9.0f} {changed:>14.0f}", flush=True)


if __name__ == "__main__":
    main()
