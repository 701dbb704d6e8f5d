#!/usr/bin/env bash
# Benchmark of `newsroom build` on a site whose stories carry photos: N stories, each with a
# 2400×1600 lead photo beside it (a Hugo-style bundle), built once with an empty image cache
# (cold) and again with every photo unchanged (warm).
#
#   bench/photos_site.sh [N]     default N: 1000
#
# Environment:
#   RUNS=3        warm runs; the median is printed (the cold run is made once per COLD_RUNS)
#   COLD_RUNS=1   cold runs (each empties the cache first)
#   BENCH_DIR=dir where the site goes (default /dev/shm/newsroom-photos, a tmpfs)
#   FAST_AVIF=0   build without the fast-avif feature even when nasm is installed
# The photos are PNG, drawn by python3 alone; each carries a text chunk with its number, so
# every file has its own bytes (and its own cache entries) while decoding costs the same.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

count=${1:-1000}
runs=${RUNS:-3}
cold_runs=${COLD_RUNS:-1}
dir=${BENCH_DIR:-/dev/shm/newsroom-photos}
site=$dir/site-$count

say() { printf '%s\n' "$*" >&2; }

# The fast-avif feature (AVIF with rav1e's assembly) when NASM is here, unless FAST_AVIF=0.
features=()
avif_build="plain"
if [[ ${FAST_AVIF:-1} != 0 ]] && command -v nasm >/dev/null 2>&1; then
    features=(--features fast-avif)
    avif_build="fast-avif"
fi
say "AVIF encoder: $avif_build build (FAST_AVIF=0 measures the plain one; fast-avif needs nasm)"
say "building the optimised binary"
cargo build --release --quiet "${features[@]}"
newsroom=$PWD/target/release/newsroom

if [[ ! -f $site/.generated ]]; then
    say "generating $count stories with photos in $site"
    rm -rf "$site"
    mkdir -p "$site/content"
    printf 'title = "Photo bench"\nbase_url = "https://bench.example.org/"\n' >"$site/newsroom.toml"
    python3 - "$site" "$count" <<'PY'
import struct, sys, zlib
site, count = sys.argv[1], int(sys.argv[2])
width, height = 2400, 1600
rows = []
for y in range(height):
    row = bytearray(b"\0")
    g = y * 255 // height
    for x in range(width):
        row += bytes((x * 255 // width, g, (x ^ y) & 255))
    rows.append(bytes(row))
data = zlib.compress(b"".join(rows), 6)
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
tail = chunk(b"IDAT", data) + chunk(b"IEND", b"")
for n in range(count):
    folder = f"{site}/content/{n:05d}-story"
    import os
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/photo.png", "wb") as f:
        f.write(head + chunk(b"tEXt", b"Comment\0photo %d" % n) + tail)
    day = 1 + n % 28
    with open(f"{folder}/index.md", "w") as f:
        f.write(f"---\ntitle: Story {n}\ndate: 2023-10-{day:02d}\nimage:\n  src: photo.png\n  alt: Photo {n}\n  credit: Bench\n---\nText of story {n}.\n")
PY
    touch "$site/.generated"
fi

run() { # label; prints seconds
    local start end
    start=$(date +%s.%N)
    "$newsroom" build --root "$site" >/dev/null 2>"$dir/stderr.txt" || { cat "$dir/stderr.txt" >&2; exit 1; }
    end=$(date +%s.%N)
    local t
    t=$(echo "$end - $start" | bc)
    say "$1: $t s"
    printf '%s\n' "$t"
}
median() { sort -n | sed -n "$((($1 + 1) / 2))p"; }

cold=$(for ((i = 1; i <= cold_runs; i++)); do rm -rf "$site/.newsroom" "$site/public"; run "cold run $i"; done | median "$cold_runs")
warm=$(for ((i = 1; i <= runs; i++)); do run "warm run $i"; done | median "$runs")
printf '| stories with photos | AVIF encoder | cold build, median (s) | warm build, median (s) | cold runs | warm runs |\n|---|---|---|---|---|---|\n'
printf '| %s | %s | %s | %s | %s | %s |\n' "$count" "$avif_build" "$cold" "$warm" "$cold_runs" "$runs"
