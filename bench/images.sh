#!/usr/bin/env bash
# Benchmark of the image pipeline: a cold run (empty cache) and a warm run (every photo
# unchanged) over N generated 2400×1600 JPEG photos, each with responsive variants in AVIF,
# WebP and JPEG at the default widths and the three social crops.
#
#   bench/images.sh [N [WIDTHxHEIGHT]]     default: 1000 photos of 2400x1600
#
# Environment:
#   RUNS=3          runs of each kind; the medians are printed
#   COLD_RUNS=RUNS  cold runs alone (a cold run of 1,000 photos takes minutes)
#   PROFILE=release the cargo profile of the helper
#   BENCH_DIR=dir   where photos and caches go (default /dev/shm/newsroom-images, a tmpfs,
#                   so a slow disk stays out of the figures)
#   FAST_AVIF=0     build without the fast-avif feature even when nasm is installed
# Uses hyperfine when installed, else GNU time (/usr/bin/time) in a loop.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

count=${1:-1000}
size=${2:-2400x1600}
runs=${RUNS:-3}
cold_runs=${COLD_RUNS:-$runs}
dir=${BENCH_DIR:-/dev/shm/newsroom-images}
photos=$dir/photos-$count-$size
cache=$dir/cache-$count-$size

say() { printf '%s\n' "$*" >&2; }

# PROFILE=dev measures a debug build of newsroom's own code (the codecs are optimised in
# every profile), when a release build would take too long.
profile=${PROFILE:-release}
# The fast-avif feature (AVIF with rav1e's assembly) when NASM is here, unless FAST_AVIF=0.
features=()
avif_build="plain"
if [[ ${FAST_AVIF:-1} != 0 ]] && command -v nasm >/dev/null 2>&1; then
    features=(--features fast-avif)
    avif_build="fast-avif"
fi
say "AVIF encoder: $avif_build build (FAST_AVIF=0 measures the plain one; fast-avif needs nasm)"
say "building the helper ($profile)"
cargo build --profile "$profile" --quiet --example images "${features[@]}"
case $profile in dev) helper=target/debug/examples/images ;; *) helper=target/$profile/examples/images ;; esac

say "generating $count $size photos in $photos (kept for later runs)"
"$helper" generate "$photos" "$count" "$size"

time_runs() { # label, runs, what to do before each, then the command; prints the median
    local label=$1 runs=$2 prepare=$3
    shift 3
    local times=()
    for ((run = 1; run <= runs; run++)); do
        eval "$prepare"
        /usr/bin/time -f '%e' -o "$dir/time.txt" "$@" >&2
        local t
        t=$(tail -n 1 "$dir/time.txt")
        say "$label run $run: $t s"
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --runs "$cold_runs" --prepare "rm -rf '$cache'" "$helper process '$photos' '$cache'"
    "$helper" process "$photos" "$cache"
    hyperfine --warmup 1 --runs "$runs" "$helper process '$photos' '$cache'"
    exit 0
fi
[[ -x /usr/bin/time ]] || { say "needs hyperfine or GNU time (apt-get install -y time)"; exit 1; }
cold=$(time_runs cold "$cold_runs" "rm -rf '$cache'" "$helper" process "$photos" "$cache")
warm=$(time_runs warm "$runs" ":" "$helper" process "$photos" "$cache")
printf '| photos | AVIF encoder | cold median (s) | warm median (s) | cold runs | warm runs |\n|---|---|---|---|---|---|\n'
printf '| %s (%s) | %s | %s | %s | %s | %s |\n' "$count" "$size" "$avif_build" "$cold" "$warm" "$cold_runs" "$runs"
