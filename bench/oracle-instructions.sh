#!/usr/bin/env bash
# Instructions per failing decrypt_open_data call, per failure path (valgrind callgrind: exact and
# repeatable, whatever else the machine is doing). Usage: bench/oracle-instructions.sh [size...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cargo test --release --test oracle --no-run --message-format=json 2>/dev/null |
  python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable") and m["target"]["name"]=="oracle": print(m["executable"])' | tail -1)
count() { # case size calls -> total instructions
  local out; out=$(mktemp)
  ORACLE_CASE=$1 ORACLE_SIZE=$2 ORACLE_CALLS=$3 valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$bin" --ignored --exact oracle_instructions_one_case --test-threads=1 >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | sed -n 's/^\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
  rm -f "$out"
}
mapfile -t names < <(ORACLE_CASE=list "$bin" --ignored --exact oracle_instructions_one_case --nocapture 2>/dev/null | sed -n 's/^case: //p')
for size in "${@:-400 4096}"; do
  base=$(count none "$size" 0)
  echo "instructions per failing call, ${size}-byte payload (callgrind, 100 calls minus the harness baseline):"
  min=""; rows=()
  for i in "${!names[@]}"; do
    a=$(count "$i" "$size" 100)
    per=$(( (a - base) / 100 ))
    rows+=("$per|${names[$i]}")
    if [ -z "$min" ] || [ "$per" -lt "$min" ]; then min=$per; fi
  done
  max=0
  for r in "${rows[@]}"; do
    per=${r%%|*}; name=${r#*|}
    [ "$per" -gt "$max" ] && max=$per
    printf '  %-44s %9d  x%s\n' "$name" "$per" "$(python3 -c "print(f'{$per/$min:.3f}')")"
  done
  echo "  largest ratio between failure paths: $(python3 -c "print(f'{$max/$min:.3f}')")"
done
