# Shared by benches/build_vs_hugo.sh and benches/cold_cache.sh (sourced from the repository's
# top folder): the tools they need, the release binary, medians and one timed build.
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (apt-get install time)"; exit 2; }
cargo build --release --quiet
cargo build --release --quiet --example copy_tree
BIN=$PWD/target/release/gongkai
# Copies a built site into a new folder on every core: the floor of a cold build of it.
COPY=$PWD/target/release/examples/copy_tree
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

