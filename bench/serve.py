#!/usr/bin/env python3
"""How fast `newsroom serve` turns an edit into a reload, on the shared generated corpus.

    bench/serve.py [--runs 7] [N]          default N: 10000

It starts `newsroom serve` on a corpus of N articles, listens to the reload events as an open
page does, and times, from the moment an edited file is closed to the moment the `reload`
event arrives:

  * an edit to the body of an older story (re-renders the story and the lists it is on);
  * an edit to the title of the newest story (every page shows it among the latest stories:
    the story and its lists are re-rendered at once, other pages when they are opened), and
    the fetch of that story's page after the reload;
  * a tag added to the newest story, which moves it into another list: a new edition is
    assembled from the kept articles, the story's page and the front page rendered at once;
  * a change to a template: the site is put together again from the articles already read,
    and a page of each template rendered before the reload, the rest when they are opened;
  * a change to newsroom.toml, which rebuilds the whole site.

Each figure counts the watcher's debounce (50 ms), and the server's own figure (from its
"in N ms" line) is printed beside it. Every file the script edits is put back afterwards.

Environment: NEWSROOM_BIN (default: cargo build --release, then target/release/newsroom),
NEWSROOM_CORPUS_GEN (default ../shared/bench/gen_corpus.py from the repo root), BENCH_OUTPUT
(where the corpus goes, default target/bench), TMPDIR (where serve builds the site; a tmpfs
such as /dev/shm keeps a slow disk out of the figures).
"""

import argparse
import http.client
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def say(message):
    print(message, file=sys.stderr, flush=True)


def corpus(n):
    base = Path(os.environ.get("BENCH_OUTPUT", REPO / "target" / "bench")).resolve()
    site = base / f"serve-corpus-{n}"
    if not (site / "content").is_dir():
        generator = Path(
            os.environ.get("NEWSROOM_CORPUS_GEN", REPO.parent / "shared" / "bench" / "gen_corpus.py")
        )
        say(f"Generating {n} articles into {site}...")
        subprocess.run(
            [sys.executable, str(generator), str(n), str(site), "--flavor", "yaml", "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return site


def binary():
    if "NEWSROOM_BIN" in os.environ:
        return os.environ["NEWSROOM_BIN"]
    say("Building the release binary...")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return str(REPO / "target" / "release" / "newsroom")


class Server:
    """`newsroom serve` with a listener on its reload events."""

    def __init__(self, binary, site):
        self.process = subprocess.Popen(
            [binary, "serve", "--root", str(site), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines = queue.Queue()
        self.events = queue.Queue()
        threading.Thread(target=self._read_output, daemon=True).start()
        while True:
            line = self.lines.get(timeout=600)
            found = re.search(r"at http://([^/]+)/", line)
            if found:
                self.address = found.group(1)
                break
        threading.Thread(target=self._listen, daemon=True).start()
        self.events.get(timeout=10)  # the stream is open

    def _read_output(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def _listen(self):
        host, port = self.address.rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port))
        connection.request("GET", "/__newsroom/events")
        response = connection.getresponse()
        self.events.put("open")
        for raw in response:
            line = raw.decode().strip()
            if line.startswith("event:"):
                self.events.put((line.split(":", 1)[1].strip(), time.monotonic()))

    def drain(self):
        for pending in (self.lines, self.events):
            while not pending.empty():
                pending.get_nowait()

    def time_change(self, change):
        """Seconds from the end of `change()` to the reload event, and the server's own ms."""
        self.drain()
        change()
        written = time.monotonic()
        kind, at = self.events.get(timeout=600)
        if kind != "reload":
            raise SystemExit(f"the server reported {kind} instead of reloading")
        line = self.lines.get(timeout=10)
        own = re.search(r"in (\d+) ms", line)
        return at - written, int(own.group(1)) if own else None

    def fetch(self, path):
        host, port = self.address.rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port))
        started = time.monotonic()
        connection.request("GET", path)
        body = connection.getresponse().read().decode()
        return time.monotonic() - started, body

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def time_edits(server, path, texts, after=None):
    """Writes each text to `path` in turn and times the reload; `after(n)` runs after edit n."""
    took, own = [], []
    for n, text in enumerate(texts):
        seconds, server_ms = server.time_change(lambda: path.write_text(text, encoding="utf-8"))
        took.append(seconds)
        own.append(server_ms)
        if after:
            after(n)
    return took, own


def newest_and_older(site):
    """The newest story's file and one from the middle of the archive, by front-matter date."""
    now = datetime.now(timezone.utc)
    dated = []
    for path in (site / "content").rglob("*.md"):
        head = path.read_text(encoding="utf-8")[:600]
        found = re.search(r"^date:\s*\"?([0-9T:+\-]+)", head, re.M)
        if not found:
            continue
        date = datetime.fromisoformat(found.group(1))
        if date.tzinfo is None:
            date = date.replace(tzinfo=timezone.utc)
        if date <= now and "draft: true" not in head:
            dated.append((date, path))
    dated.sort()
    return dated[-1][1], dated[len(dated) // 2][1]


def story_path_of(path):
    """The URL path of a corpus story: its date (in UTC, the corpus's time zone) and slug."""
    head = path.read_text(encoding="utf-8")[:600]
    date = datetime.fromisoformat(re.search(r"^date:\s*\"?([0-9T:+\-]+)", head, re.M).group(1))
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc)
    return f"/{date:%Y/%m/%d}/{path.stem}/"


def summary(label, samples, own):
    ms = [s * 1000 for s in samples]
    mine = [o for o in own if o is not None]
    server = f"; server's own median {statistics.median(mine):.0f} ms" if mine else ""
    print(
        f"{label:<50} median {statistics.median(ms):7.1f} ms  "
        f"(min {min(ms):.1f}, max {max(ms):.1f}{server})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()

    site = corpus(arguments.articles)
    newsroom = binary()
    newest, older = newest_and_older(site)
    config = site / "newsroom.toml"
    saved = {path: path.read_bytes() for path in (newest, older) if path.exists()}
    config_before = config.read_bytes() if config.exists() else None
    # A template of the site's own to edit: the default theme's page-not-found template.
    templates = site / "templates"
    made_templates = not templates.exists()
    template = templates / "404.html"
    template_before = template.read_bytes() if template.exists() else None
    templates.mkdir(exist_ok=True)
    if template_before is None:
        template.write_bytes((REPO / "templates" / "404.html").read_bytes())
    template_text = template.read_text(encoding="utf-8")

    say(f"Starting newsroom serve on {site}...")
    server = Server(newsroom, site)
    try:
        runs = range(arguments.runs)
        few_runs = range(max(3, arguments.runs // 2))
        body = time_edits(
            server, older, [saved[older].decode() + f"\n\nA late paragraph, edit {n}.\n" for n in runs]
        )

        original = saved[newest].decode()
        older_path = story_path_of(older)
        story_path = None
        fetches, stale_fetches = [], []

        def fetch_pages(run):
            nonlocal story_path
            if story_path is None:
                _, home = server.fetch("/")
                found = re.search(r'href="http://[^/]+(/[^"]+/)"[^>]*>\s*Edited headline', home)
                story_path = found.group(1) if found else "/"
            for path, kept in ((story_path, fetches), (older_path, stale_fetches)):
                fetched, page = server.fetch(path)
                if f"Edited headline {run}" not in page:
                    raise SystemExit(f"{path} does not show the edited headline")
                kept.append(fetched)

        retitled = [
            re.sub(r"^title:\s*(.*)$", f'title: "Edited headline {n}"', original, count=1, flags=re.M)
            for n in runs
        ]
        headline = time_edits(server, newest, retitled, after=fetch_pages)
        retagged = [
            re.sub(r"^tags:\s*\[", f'tags: ["bench-{n}", ', original, count=1, flags=re.M)
            for n in runs
        ]
        moved = time_edits(server, newest, retagged)
        themed = time_edits(server, template, [template_text + f"\n{{# edit {n} #}}\n" for n in few_runs])
        config_text = (config_before or b"").decode()
        whole = time_edits(server, config, [config_text + f"\n# edit {n}\n" for n in few_runs])
    finally:
        server.stop()
        for path, data in saved.items():
            path.write_bytes(data)
        if template_before is None:
            template.unlink(missing_ok=True)
        else:
            template.write_bytes(template_before)
        if made_templates:
            templates.rmdir()
        if config_before is None:
            config.unlink(missing_ok=True)
        else:
            config.write_bytes(config_before)

    print(f"newsroom serve, {arguments.articles} articles, {arguments.runs} runs; write to reload event:")
    summary("older story, body edited", *body)
    summary("newest story, headline edited", *headline)
    summary("  then fetching that story's page", fetches, [None])
    summary("  then another story's page (rendered on request)", stale_fetches, [None])
    summary("newest story, tag added (new edition)", *moved)
    summary("a template changed (new edition)", *themed)
    summary("newsroom.toml changed (whole build)", *whole)


if __name__ == "__main__":
    main()
