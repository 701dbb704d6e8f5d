#!/usr/bin/env bash
# Benchmark of one long live blog: a single story with UPDATES (default 40000) `## Update`
# headings, each of which needs an id of its own. Building it must stay well under a second:
# making heading ids unique is linear in the number of headings. See bench/README.md.
#
#   bench/live_blog.sh [UPDATES]
#
# Environment:
#   RUNS=5                  runs
#   NEWSROOM_BIN=path       measure this binary instead of building target/release/newsroom
#   BENCH_OUTPUT=dir        where the site and its build go (default target/bench)
set -euo pipefail
export LC_ALL=C

updates=${1:-40000}
runs=${RUNS:-5}
caller_dir=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")/.."
from_caller() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$caller_dir" "$1" ;;
    esac
}
if [[ -n "${NEWSROOM_BIN:-}" ]]; then
    bin=$(from_caller "$NEWSROOM_BIN")
else
    cargo build --release --quiet >&2
    bin=$PWD/target/release/newsroom
fi
out=$(from_caller "${BENCH_OUTPUT:-target/bench}")/live-blog-$updates
rm -rf "$out"
mkdir -p "$out/content"
{
    printf -- '---\ntitle: Election night, live\ndate: 2024-11-05 18:00:00\n---\nFollow the count with us.\n\n'
    for ((i = 1; i <= updates; i++)); do
        printf '## Update\n\nPrecinct %d has reported.\n\n' "$i"
    done
} >"$out/content/live.md"

times=()
for ((run = 1; run <= runs; run++)); do
    rm -rf "$out/public"
    start=$(date +%s.%N)
    "$bin" build --root "$out" --output "$out/public" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
printf 'live blog, %d headings: median %.3f s over %d runs (%s)\n' \
    "$updates" "$median" "$runs" "$(printf '%s ' "${times[@]}")"
ids=$(grep -o '<h2 id="update[^"]*"' "$out/public/2024/11/05/live/index.html" | sort -u | wc -l)
printf 'unique heading ids on the page: %d\n' "$ids"
