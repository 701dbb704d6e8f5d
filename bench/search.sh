#!/usr/bin/env bash
# What search costs: `newsroom build` of the generated news corpus with `search = false` and
# with `search = true`, medians of RUNS runs each (GNU time: wall seconds, peak memory), and
# the size and file count of the search index. See bench/README.md.
#
#   bench/search.sh [N]        default N: 10000 articles
#
# Environment:
#   RUNS=5                    runs of each build
#   NEWSROOM_BIN=path         measure this binary instead of building target/release/newsroom
#   NEWSROOM_CORPUS_GEN=path  the corpus generator (default ../shared/bench/gen_corpus.py from the repo root)
#   PYTHON=python3            interpreter for the generator
#   BENCH_OUTPUT=dir          where the sites go (default target/bench-search); a tmpfs such as
#                             /dev/shm keeps a slow disk out of the figures
# Progress goes to stderr, the result table to stdout.
set -euo pipefail
export LC_ALL=C

die() { printf 'bench/search.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*" >&2; }

caller_dir=$PWD
from_caller() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$caller_dir" "$1" ;; esac; }
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

n=${1:-10000}
[[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a whole number of articles, not '$n'"
runs=${RUNS:-5}
python=${PYTHON:-python3}
time_bin=/usr/bin/time
[[ -x $time_bin && $("$time_bin" --version 2>&1 || true) == *GNU* ]] ||
    die "GNU time is needed at $time_bin: apt-get install -y time"
if [[ -n ${NEWSROOM_CORPUS_GEN:-} ]]; then
    corpus_gen=$(from_caller "$NEWSROOM_CORPUS_GEN")
else
    corpus_gen=$repo_root/../shared/bench/gen_corpus.py
fi
[[ -f $corpus_gen ]] || die "corpus generator not found: $corpus_gen (set NEWSROOM_CORPUS_GEN)"
bench_dir=$(from_caller "${BENCH_OUTPUT:-$repo_root/target/bench-search}")
mkdir -p "$bench_dir"

if [[ -n ${NEWSROOM_BIN:-} ]]; then
    bin=$(from_caller "$NEWSROOM_BIN")
else
    say "Building target/release/newsroom..."
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
    bin=$repo_root/target/release/newsroom
fi

# One corpus, two site folders that differ only in `search`.
corpus=$bench_dir/corpus-$n
stamp="n=$n generator=$(cksum <"$corpus_gen")"
if [[ ! -f $corpus.stamp || $(cat "$corpus.stamp") != "$stamp" ]]; then
    say "Generating $n articles into $corpus..."
    rm -f "$corpus.stamp"
    "$python" "$corpus_gen" "$n" "$corpus" --flavor yaml --force >&2
    printf '%s\n' "$stamp" >"$corpus.stamp"
fi
for mode in off on; do
    site=$bench_dir/site-$n-$mode
    rm -rf "$site"
    mkdir -p "$site"
    cp -r "$corpus/content" "$site/content"
    value=false
    [[ $mode == on ]] && value=true
    printf 'title = "Bench"\nbase_url = "https://example.org/"\nsearch = %s\n' "$value" >"$site/newsroom.toml"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }

declare -A wall kib
for mode in off on; do
    walls=() kibs=()
    for ((run = 1; run <= runs; run++)); do
        out=$bench_dir/out-$n-$mode
        rm -rf "$out"
        "$time_bin" -f '%e %M' -o "$bench_dir/time.out" -- \
            "$bin" build --root "$bench_dir/site-$n-$mode" --output "$out" >"$bench_dir/build-$mode.log" 2>&1 ||
            die "the build with search $mode failed; see $bench_dir/build-$mode.log"
        read -r w k < <(tail -n 1 "$bench_dir/time.out")
        walls+=("$w") kibs+=("$k")
        say "search $mode, run $run: ${w} s, $((k / 1024)) MiB"
    done
    wall[$mode]=$(median "${walls[@]}")
    kib[$mode]=$(median "${kibs[@]}")
done

index=$bench_dir/out-$n-on/pagefind
printf '%s articles, %s runs each (medians)\n' "$n" "$runs"
printf '%-12s %10s %10s\n' build 'wall (s)' 'peak (MiB)'
for mode in off on; do
    printf '%-12s %10s %10.0f\n' "search $mode" "${wall[$mode]}" "$(awk -v k="${kib[$mode]}" 'BEGIN {print k / 1024}')"
done
printf 'search costs %s s\n' "$(awk -v a="${wall[on]}" -v b="${wall[off]}" 'BEGIN {printf "%.2f", a - b}')"
printf 'index: %s in %s files (%s fragments)\n' "$(du -sh "$index" | cut -f1)" \
    "$(find "$index" -type f | wc -l)" "$(find "$index/fragment" -type f | wc -l)"
