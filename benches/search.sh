#!/usr/bin/env bash
# Search benchmark: a synthetic village of N issues (default 10,000), built once, then the
# gongkai index against Pagefind on the same output, in one run (benches/search.mjs).
#
#   benches/search.sh [N]                 RUNS=21 by default (medians)
#
# Prints the index sizes, per query the files fetched and their size, the median query time in
# node and in headless Chromium, and recall against the record pages holding each query.
# Needs: cargo, python3, node, chromium, and `npm ci` in tests/web (pagefind is pinned there).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=${WORK:-$(mktemp -d)}
[[ -x tests/web/node_modules/.bin/pagefind ]] || { echo "run \`npm ci\` in tests/web first (pagefind)"; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/gongkai
site=$WORK/site-$N
if [[ ! -d $site ]]; then
  python3 benches/gen_site.py "$N" "$site" >/dev/null
  # The generator's subjects have no 道路 (road): put it in some titles and bodies, and 道 and
  # 路 apart in others (村道…路灯), so that the two-character rule is measured too.
  python3 - "$site/gongkai/content/issues" <<'PY'
import os, re, sys
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs)
for k, path in enumerate(files):
    text = open(path, encoding="utf-8").read()
    if k % 97 == 0:
        text = re.sub(r"^title: (\d+组)", r"title: \1道路", text, count=1, flags=re.M)
    if k % 9 == 0:
        text = text.rstrip("\n") + "\n\n雨后道路泥泞，影响村民出行。\n"
    elif k % 9 == 4:
        text = text.rstrip("\n") + "\n\n村道边的路灯坏了。\n"
    open(path, "w", encoding="utf-8").write(text)
PY
fi
out=$site/out
rm -rf "$out" "$site/.out."*
/usr/bin/time -f "build: %e s wall, %M KB peak" "$BIN" build --root "$site/gongkai" --output "$out" >/dev/null
printf "machine: %s cores, %s\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
RUNS=${RUNS:-21} node benches/search.mjs "$out" 养老金 危桥 道路 违章
