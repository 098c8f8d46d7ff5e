#!/usr/bin/env bash
# Print the size of every .wasm in pkg/dist (raw and gzip -9) and fail when one is above its budget
# or has none. `make test` runs this after the build (suite `wasm-size`); scripts/build.sh prints it.
# The budgets are the sizes measured when they were set plus about 2%, so growth is a decision:
# raise a budget in the same commit as the change that needs it, with the reason and the new size
# in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# file                         raw bytes  gzip -9 bytes
budgets="
wx_open_data_bg.wasm           236544     86016
wx_open_data_bg.nosimd.wasm    221184     83968
push_bg.wasm                   153600     62464
diagnose_bg.wasm               93184      38912
testing_bg.wasm                112640     48128
api_security_bg.wasm           122880     51712
"

fail=0 n=0
for path in pkg/dist/*.wasm; do
  f=$(basename "$path")
  raw=$(wc -c < "$path")
  gz=$(gzip -9 -c "$path" | wc -c)
  read -r max_raw max_gz < <(awk -v f="$f" '$1 == f { print $2, $3 }' <<< "$budgets") || true
  n=$((n + 1))
  if [ -z "${max_raw:-}" ]; then
    echo "wasm-size: pkg/dist/$f: $raw B raw, $gz B gzip -9: FAIL (no budget in scripts/wasm-sizes.sh)"
    fail=$((fail + 1))
  elif [ "$raw" -gt "$max_raw" ] || [ "$gz" -gt "$max_gz" ]; then
    echo "wasm-size: pkg/dist/$f: $raw B raw (budget $max_raw), $gz B gzip -9 (budget $max_gz): FAIL"
    fail=$((fail + 1))
  else
    echo "wasm-size: pkg/dist/$f: $raw B raw (budget $max_raw), $gz B gzip -9 (budget $max_gz): ok"
  fi
  max_raw='' max_gz=''
done
[ "$n" -gt 0 ] || { echo "wasm-size: no .wasm in pkg/dist (run scripts/build.sh)"; exit 1; }
echo "budgets: $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
