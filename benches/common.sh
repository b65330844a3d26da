# Shared by benches/build_vs_hugo.sh and benches/cold_cache.sh (sourced from the repository's
# top folder): the tools they need, the release binary, medians and one timed build.
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (apt-get install time)"; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/gongkai
WORK=${WORK:-$(mktemp -d)}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Run before every timed build; a script may define its own after sourcing this file.
before_each() { :; }

# once LABEL CMD... → appends "wall cpu maxrss_kb" to $WORK/LABEL
once() {
  local label=$1; shift
  before_each
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$WORK/time.txt" >> "$WORK/$label"
}

# copy2 SRC DST: copies the tree SRC to the new folder DST with two `cp -r` at once, its
# top-level entries dealt out by file count: the cost of only creating the files and folders
# of a built site (no reading, no rendering) on two cores. The floor of a cold build.
copy2() {
  local src=$1 dst=$2 a=() b=() na=0 nb=0 e n
  mkdir -p "$dst"
  while read -r n e; do
    if (( na <= nb )); then a+=("$src/$e"); na=$((na + n)); else b+=("$src/$e"); nb=$((nb + n)); fi
  done < <(for e in $(ls -A "$src"); do echo "$(find "$src/$e" | wc -l) $e"; done | sort -rn)
  cp -r "${a[@]}" "$dst/" &
  [[ ${#b[@]} -eq 0 ]] || cp -r "${b[@]}" "$dst/"
  wait
}
