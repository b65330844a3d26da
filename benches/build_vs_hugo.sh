#!/usr/bin/env bash
# Full-build benchmark: gongkai against Hugo on the same synthetic content, in one run.
#
#   benches/build_vs_hugo.sh [SIZES...]        default sizes: 1000 10000
#   RUNS=5 benches/build_vs_hugo.sh 1000 10000 100000
#   WORK=/tmp/gkbench ...                      keep the generated sites between runs
#
# For each size it generates the site (benches/gen_site.py), then, RUNS times each:
#   - gongkai cold: a build into a new, empty output folder (every file written), with no
#     readings kept from an earlier build (`.gongkai-cache` removed: every record read);
#   - gongkai rebuild: a build into the same folder with nothing changed;
#   - gongkai one change: the title of one issue edited, then a build into the same folder;
#   - Hugo cold: a build into a new, empty output folder;
#   - the floor of each: its first cold output copied into a new folder on every core
#     (examples/copy_tree.rs): what only creating those folders and files costs here.
# Cold runs are interleaved (gongkai, Hugo, gongkai, …) and every output folder is deleted
# only after all runs of a size: a file system that has just deleted thousands of files is
# slower to create new ones, which would penalise whichever tool runs next.
# It prints the median wall time, CPU time (user+sys) and peak memory, and the ratios to Hugo.
# Needs: cargo, python3, GNU time (/usr/bin/time), hugo (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
source benches/common.sh

printf "machine: %s cores, %s; %s runs each, medians\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$RUNS"
printf "%-8s %-22s %9s %9s %10s\n" issues tool wall_s cpu_s peak_MB
for n in "${SIZES[@]}"; do
  site=$WORK/site-$n
  [[ -d $site ]] || python3 benches/gen_site.py "$n" "$site" >/dev/null
  runs=$WORK/runs-$n
  rm -rf "$runs"; mkdir -p "$runs"
  for label in g-cold g-warm g-one h-cold g-floor h-floor; do : > "$WORK/$label-$n"; done
  for i in $(seq "$RUNS"); do
    rm -rf "$site/gongkai/.gongkai-cache"
    once "g-cold-$n" "$BIN" build --root "$site/gongkai" --output "$runs/g-$i"
    once "h-cold-$n" hugo --quiet -s "$site/hugo" -d "$runs/h-$i"
    once "g-floor-$n" "$COPY" "$runs/g-1" "$runs/gf-$i"
    once "h-floor-$n" "$COPY" "$runs/h-1" "$runs/hf-$i"
  done
  # Rebuilds: two builds first, so that the folder has its spare tree.
  for _ in 1 2; do "$BIN" build --root "$site/gongkai" --output "$runs/g" >/dev/null 2>&1; done
  for _ in $(seq "$RUNS"); do
    once "g-warm-$n" "$BIN" build --root "$site/gongkai" --output "$runs/g"
  done
  edited=$(find "$site/gongkai/content/issues" -name '*.md' | sort | awk -v n="$n" 'NR == int(n / 2)')
  for _ in $(seq "$RUNS"); do
    sed -i '0,/^title: /s/^title: \(.*\)$/title: \1改/' "$edited"
    once "g-one-$n" "$BIN" build --root "$site/gongkai" --output "$runs/g"
  done
  rm -rf "$runs"
  for label in g-cold g-warm g-one h-cold g-floor h-floor; do
    f=$WORK/$label-$n
    wall=$(cut -d' ' -f1 "$f" | median); cpu=$(cut -d' ' -f2 "$f" | median); mem=$(cut -d' ' -f3 "$f" | median)
    name=$(case $label in g-cold) echo "gongkai (cold)";; g-warm) echo "gongkai (rebuild)";; g-one) echo "gongkai (one change)";; h-cold) echo "hugo (cold)";; g-floor) echo "floor (gongkai files)";; h-floor) echo "floor (Hugo files)";; esac)
    printf "%-8s %-22s %9.2f %9.2f %10.0f\n" "$n" "$name" "$wall" "$cpu" "$((${mem%.*} / 1024))"
    eval "${label//-/_}=$wall"
  done
  awk -v g="$g_cold" -v w="$g_warm" -v o="$g_one" -v h="$h_cold" 'BEGIN {printf "%-8s ratio gongkai/hugo: cold %.2f, rebuild %.2f, one change %.2f\n", "", g / h, w / h, o / h}'
  awk -v g="$g_cold" -v h="$h_cold" -v gf="$g_floor" -v hf="$h_floor" 'BEGIN {printf "%-8s above the floor: gongkai %.2f s, hugo %.2f s, ratio %.2f\n", "", g - gf, h - hf, (g - gf) / (h - hf)}'
done
