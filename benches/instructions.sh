#!/usr/bin/env bash
# Instructions of a cold build, counted by valgrind's callgrind: unlike wall or CPU time they
# barely move with the machine's load, so two versions can be compared on a noisy machine.
#
#   benches/instructions.sh [N] [BINARY...]     default: 1000 issues, this tree's release build
#   WORK=/tmp/gkbench benches/instructions.sh 1000 /tmp/gongkai-before target/release/gongkai
#
# For each binary it builds the N-issue site (benches/gen_site.py) into a new, empty folder,
# with no readings kept from an earlier build, under callgrind (about 50 times slower than a normal build: 1,000 issues take about a
# minute) and prints the instructions executed; for the first binary also the parts of the
# build that execute the most, inclusive of what they call. The pages are compared byte for
# byte between binaries.
# Needs: cargo, python3, valgrind (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
shift || true
BINS=("$@")
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 2; }
if [[ ${#BINS[@]} -eq 0 ]]; then
  cargo build --release --quiet
  BINS=("$PWD/target/release/gongkai")
fi
WORK=${WORK:-$(mktemp -d)}
site=$WORK/site-$N
[[ -d $site ]] || python3 benches/gen_site.py "$N" "$site" >/dev/null
runs=$WORK/instructions-$N
rm -rf "$runs"; mkdir -p "$runs"

printf "%-8s %16s  %s\n" issues instructions binary
first=""
for i in "${!BINS[@]}"; do
  bin=${BINS[$i]}
  out=$runs/out-$i
  rm -rf "$site/gongkai/.gongkai-cache"
  valgrind --tool=callgrind --callgrind-out-file="$runs/cg-$i" \
    "$bin" build --root "$site/gongkai" --output "$out" >/dev/null 2>"$runs/log-$i"
  total=$(grep -o 'Collected : [0-9]*' "$runs/log-$i" | grep -o '[0-9]*$')
  printf "%-8s %16s  %s\n" "$N" "$(echo "$total" | sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta')" "$bin"
  if [[ -z $first ]]; then
    first=$out
  elif ! diff -rq "$first" "$out" >/dev/null; then
    echo "  (its pages differ from the first binary's)"
  fi
done

echo
echo "The first binary, inclusive instructions by part (share of the whole build):"
callgrind_annotate --inclusive=yes "$runs/cg-0" 2>/dev/null \
  | grep -E '(gongkai|tera)::[a-z_:]+(::[A-Za-z_]+)* \[' \
  | grep -v -E '\{\{closure\}\}|rayon|::main \[|build_with_progress|render_model_counted|render_counted|render_in|render::render_page' \
  | sed -E 's/^ *([0-9,]+) \( *([0-9.]+%)\) +[^ ]*\.rs:([^ ]+) \[.*$/\2 \1 \3/' \
  | awk '!seen[$3]++' | head -25 | awk '{printf "  %7s %16s  %s\n", $1, $2, $3}'
rm -rf "$runs"/out-*
