#!/usr/bin/env bash
# What syntax highlighting costs: `newsroom build` of the generated news corpus with five fenced code
# blocks (Rust, Python, JavaScript, SQL, YAML) added to every story, with `highlight = true` and
# `highlight = false`. Medians of RUNS runs each, every run into a fresh empty output folder.
#
#   bench/highlight.sh [N]      default: 10000 articles
#
# Environment:
#   RUNS=5                    runs of each setting
#   NEWSROOM_BIN=path         measure this binary instead of building target/release/newsroom
#   NEWSROOM_CORPUS_GEN=path  the corpus generator (default ../shared/bench/gen_corpus.py from the repo root)
#   PYTHON=python3            interpreter for the generator
#   BENCH_OUTPUT=dir          where corpora and built sites go (default target/bench); a tmpfs such as
#                             /dev/shm keeps a slow disk out of the figures
# Uses hyperfine when it is installed, else GNU time (/usr/bin/time) in a loop.
set -euo pipefail
export LC_ALL=C

die() {
    printf 'bench/highlight.sh: %s\n' "$*" >&2
    exit 1
}
say() { printf '%s\n' "$*" >&2; }

caller_dir=$PWD
from_caller() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$caller_dir" "$1" ;;
    esac
}
repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

case "${1:-}" in
    -h | --help)
        sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
esac
n=${1:-10000}
[[ $n =~ ^[1-9][0-9]*$ ]] || die "article count must be a positive integer, got '$n'"
runs=${RUNS:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "'$python' not found; the corpus generator needs Python 3 (or set PYTHON)"
corpus_gen=$repo_root/../shared/bench/gen_corpus.py
[[ -n ${NEWSROOM_CORPUS_GEN:-} ]] && corpus_gen=$(from_caller "$NEWSROOM_CORPUS_GEN")
[[ -f $corpus_gen ]] || die "corpus generator not found: $corpus_gen (set NEWSROOM_CORPUS_GEN)"
hyperfine=$(command -v hyperfine || true)
if [[ -z $hyperfine ]]; then
    time_version=$(/usr/bin/time --version 2>&1 || true)
    [[ $time_version == *GNU* ]] || die "neither hyperfine nor GNU time found: apt-get install -y hyperfine (or time)"
fi

cd -- "$repo_root"
work=$PWD/target/bench
[[ -n ${BENCH_OUTPUT:-} ]] && work=$(from_caller "$BENCH_OUTPUT")
mkdir -p -- "$work"

if [[ -n ${NEWSROOM_BIN:-} ]]; then
    bin=$(from_caller "$NEWSROOM_BIN")
else
    say "Building the release binary..."
    cargo build --release
    bin=${CARGO_TARGET_DIR:-target}/release/newsroom
fi
[[ -x $bin ]] || die "newsroom binary not found or not executable: $bin"

# ---------------------------------------------------------------- the corpus with code
on=$work/code-$n-on
off=$work/code-$n-off
stamp=$on.stamp
want="n=$n generator=$(cksum <"$corpus_gen") script=$(cksum <"${BASH_SOURCE[0]}")"
if [[ ! -f $stamp || $(<"$stamp") != "$want" ]]; then
    rm -f -- "$stamp"
    say "Generating $n articles with code blocks into $on..."
    "$python" "$corpus_gen" "$n" "$on" --flavor yaml --force >&2
    "$python" - "$on/content" <<'PY'
import os, sys
BLOCKS = [
    "```rust\nfn tally(votes: &[u32]) -> u32 {\n    // Sum every precinct's count.\n    votes.iter().copied().sum()\n}\n```",
    "```python\ndef turnout(cast, registered):\n    \"\"\"Share of voters who voted.\"\"\"\n    return round(100 * cast / registered, 1)\n```",
    "```js\nconst rows = data.filter((r) => r.region === 'north').map((r) => r.value * 2);\n```",
    "```sql\nSELECT region, SUM(value) AS total FROM results WHERE year = 2023 GROUP BY region;\n```",
    "```yaml\nsite:\n  title: \"Dispatch\"\n  sections: [world, business]\n```",
]
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(root, name), "a") as story:
                story.write("\n\n" + "\n\n".join(BLOCKS) + "\n")
PY
    printf 'highlight = true\n' >"$on/newsroom.toml"
    rm -rf -- "$off"
    mkdir -p -- "$off"
    ln -s -- "$on/content" "$off/content"
    printf 'highlight = false\n' >"$off/newsroom.toml"
    printf '%s\n' "$want" >"$stamp"
else
    say "Reusing the corpus in $on."
fi

build_on=("$bin" build --root "$on" --output "$work/out-code-on")
build_off=("$bin" build --root "$off" --output "$work/out-code-off")

# ---------------------------------------------------------------- measure
if [[ -n $hyperfine ]]; then
    "$hyperfine" --runs "$runs" --warmup 1 \
        --prepare "rm -rf $(printf '%q ' "$work/out-code-on" "$work/out-code-off")" \
        -n "highlight = true" "$(printf '%q ' "${build_on[@]}")" \
        -n "highlight = false" "$(printf '%q ' "${build_off[@]}")"
    exit 0
fi

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A walls mibs
for setting in on off; do
    walls[$setting]='' mibs[$setting]=''
done
for ((run = 0; run <= runs; run++)); do # run 0 warms the caches and is not counted
    for setting in on off; do
        out=$work/out-code-$setting
        rm -rf -- "$out"
        if [[ $setting == on ]]; then cmd=("${build_on[@]}"); else cmd=("${build_off[@]}"); fi
        /usr/bin/time -f '%e %M' -o "$work/time.out" -- "${cmd[@]}" >"$work/code-$setting.log" 2>&1 ||
            die "the build failed: ${cmd[*]} (see $work/code-$setting.log)"
        read -r wall kib <"$work/time.out"
        if ((run > 0)); then
            walls[$setting]+=" $wall"
            mibs[$setting]+=" $((kib / 1024))"
        fi
    done
done
# shellcheck disable=SC2086 # the lists are split on purpose
{
    printf '%-18s %10s %12s\n' setting 'wall s' 'peak MiB'
    printf '%-18s %10s %12s\n' 'highlight = true' "$(median ${walls[on]})" "$(median ${mibs[on]})"
    printf '%-18s %10s %12s\n' 'highlight = false' "$(median ${walls[off]})" "$(median ${mibs[off]})"
    printf '(%s articles with 5 code blocks each, medians of %s runs)\n' "$n" "$runs"
}
