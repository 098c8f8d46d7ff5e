#!/usr/bin/env bash
# `make fuzz`: run every cargo-fuzz target (fuzz/fuzz_targets/*) for a bounded time, one job, and
# print executions and crashes per target and in total. Not part of `make test`.
#   FUZZ_SECONDS=30   seconds per target       FUZZ_TARGETS="a b"  subset (default: all)
# Toolchain: cargo-fuzz needs unstable rustc flags. With a nightly toolchain installed it uses it;
# otherwise it uses stable with RUSTC_BOOTSTRAP=1 (same compiler, unstable flags unlocked; verified
# to build and run here). Always `-s none`: the core is `#![forbid(unsafe_code)]`, and without
# AddressSanitizer the targets run 3-6x faster (more executions per second of fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs=${FUZZ_SECONDS:-30}
WX_FUZZ=1 bash scripts/install-tools.sh
if rustup toolchain list | grep -q '^nightly'; then
  tc=(+nightly); export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-0}
  [ "$RUSTC_BOOTSTRAP" = 0 ] && unset RUSTC_BOOTSTRAP
else
  tc=(+stable); export RUSTC_BOOTSTRAP=1
fi
targets=${FUZZ_TARGETS:-$(sed -n 's/^name = "\(.*\)"/\1/p' fuzz/Cargo.toml | grep -v '^wx-open-data-fuzz$')}
node fuzz/seeds.mjs
echo "fuzz: building ${targets//$'\n'/ } with cargo ${tc[*]} fuzz (sanitizer none)"
if [ -n "${FUZZ_TARGETS:-}" ]; then
  for t in $targets; do (cd fuzz && cargo "${tc[@]}" fuzz build -O -s none "$t"); done
else
  (cd fuzz && cargo "${tc[@]}" fuzz build -O -s none)
fi
bindir=$(ls -d fuzz/target/*/release | head -1)
summary=$root/target/fuzz-summary.txt
mkdir -p target && : > "$summary"
total=0; crashes=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  log=$(mktemp)
  set +e
  "$bindir/$t" "fuzz/corpus/$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$log" | tail -1)
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  new=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$new" -eq 0 ]; then new=1; fi
  if [ "$new" -ne 0 ]; then grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5; echo "  artifacts: fuzz/artifacts/$t/"; fi
  rm -f "$log"
  line=$(printf '%-20s %12s executions %3s crashes %5ss' "$t" "${runs:-0}" "$new" "$secs")
  echo "fuzz: $line"; echo "$line" >> "$summary"
  total=$((total + ${runs:-0})); crashes=$((crashes + new))
done
echo "fuzz: total $total executions, $crashes crashes (summary in target/fuzz-summary.txt)"
echo "total $total executions $crashes crashes" >> "$summary"
[ "$crashes" -eq 0 ]
