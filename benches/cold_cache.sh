#!/usr/bin/env bash
# The first build after the computer starts: gongkai and Hugo with the disk cache emptied
# before every build, so that every record, template and output folder is read from disk.
#
#   sudo benches/cold_cache.sh [SIZES...]      default size: 10000
#   RUNS=5 WORK=/tmp/gkbench benches/cold_cache.sh 10000
#
# Needs root (it writes /proc/sys/vm/drop_caches), cargo, python3, GNU time and hugo. For each
# size, RUNS times each, interleaved:
#   - gongkai rebuild: into a folder that holds the last build (its spare tree and manifest
#     are read back from disk, every file checked);
#   - gongkai cold: into a new, empty folder, with no readings kept (`.gongkai-cache` removed);
#   - Hugo cold: into a new, empty folder.
# It prints medians of wall time, CPU time (user+sys) and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10000)
[[ -w /proc/sys/vm/drop_caches ]] || { echo "needs root: it empties the disk cache"; exit 2; }
source benches/common.sh
before_each() { sync; echo 3 > /proc/sys/vm/drop_caches; }

printf "machine: %s cores, %s; %s runs each, disk cache emptied before each, medians\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$RUNS"
printf "%-8s %-22s %9s %9s %10s\n" issues tool wall_s cpu_s peak_MB
for n in "${SIZES[@]}"; do
  site=$WORK/site-$n
  [[ -d $site ]] || python3 benches/gen_site.py "$n" "$site" >/dev/null
  runs=$WORK/cold-cache-runs-$n
  rm -rf "$runs"; mkdir -p "$runs"
  for label in c-warm c-cold c-hugo; do : > "$WORK/$label-$n"; done
  for _ in 1 2 3; do "$BIN" build --root "$site/gongkai" --output "$runs/g" >/dev/null 2>&1; done
  for i in $(seq "$RUNS"); do
    once "c-warm-$n" "$BIN" build --root "$site/gongkai" --output "$runs/g"
    rm -rf "$site/gongkai/.gongkai-cache"
    once "c-cold-$n" "$BIN" build --root "$site/gongkai" --output "$runs/g-$i"
    once "c-hugo-$n" hugo --quiet -s "$site/hugo" -d "$runs/h-$i"
  done
  rm -rf "$runs"
  for label in c-warm c-cold c-hugo; do
    f=$WORK/$label-$n
    wall=$(cut -d' ' -f1 "$f" | median); cpu=$(cut -d' ' -f2 "$f" | median); mem=$(cut -d' ' -f3 "$f" | median)
    name=$(case $label in c-warm) echo "gongkai (rebuild)";; c-cold) echo "gongkai (cold)";; c-hugo) echo "hugo (cold)";; esac)
    printf "%-8s %-22s %9.2f %9.2f %10.0f\n" "$n" "$name" "$wall" "$cpu" "$((${mem%.*} / 1024))"
  done
done
