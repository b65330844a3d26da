#!/usr/bin/env bash
# Full-build benchmark: gongkai against Hugo on the same synthetic content, in one run.
#
#   benches/build_vs_hugo.sh [SIZES...]        default sizes: 1000 10000
#   RUNS=5 benches/build_vs_hugo.sh 1000 10000 100000
#
# For each size it generates the site (benches/gen_site.py), then builds it RUNS times with
# each tool into a fresh output folder (a cold build: every file written) and, for gongkai,
# RUNS times again into the same folder (a warm rebuild, nothing changed). It prints the
# median wall time, CPU time (user+sys) and peak memory, and the ratio gongkai / Hugo.
# Needs: cargo, python3, GNU time (/usr/bin/time), hugo (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (apt-get install time)"; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/gongkai
WORK=${WORK:-$(mktemp -d)}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# run LABEL OUTDIR CLEAN CMD... → appends "wall cpu maxrss_kb" lines to $WORK/LABEL
run() {
  local label=$1 out=$2 clean=$3; shift 3
  : > "$WORK/$label"
  for _ in $(seq "$RUNS"); do
    if [[ $clean == yes ]]; then rm -rf "$out" "$(dirname "$out")"/."$(basename "$out")".*; fi
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$WORK/time.txt" >> "$WORK/$label"
  done
}

printf "machine: %s cores, %s; %s runs each, medians\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$RUNS"
printf "%-8s %-22s %9s %9s %10s\n" issues tool wall_s cpu_s peak_MB
for n in "${SIZES[@]}"; do
  site=$WORK/site-$n
  [[ -d $site ]] || python3 benches/gen_site.py "$n" "$site"
  run "g-cold-$n" "$site/out" yes "$BIN" build --root "$site/gongkai" --output "$site/out"
  run "g-warm-$n" "$site/out" no "$BIN" build --root "$site/gongkai" --output "$site/out"
  run "h-cold-$n" "$site/hout" yes hugo --quiet -s "$site/hugo" -d "$site/hout"
  for label in g-cold g-warm h-cold; do
    f=$WORK/$label-$n
    wall=$(cut -d' ' -f1 "$f" | median); cpu=$(cut -d' ' -f2 "$f" | median); mem=$(cut -d' ' -f3 "$f" | median)
    name=$(case $label in g-cold) echo "gongkai (cold)";; g-warm) echo "gongkai (rebuild)";; h-cold) echo "hugo";; esac)
    printf "%-8s %-22s %9.2f %9.2f %10.0f\n" "$n" "$name" "$wall" "$cpu" "$((${mem%.*} / 1024))"
    eval "${label//-/_}=$wall"
  done
  awk -v g="$g_cold" -v w="$g_warm" -v h="$h_cold" 'BEGIN {printf "%-8s ratio gongkai/hugo: cold %.2f, rebuild %.2f\n", "", g / h, w / h}'
done
