#!/usr/bin/env bash
# Run one test suite, show its output, and fail if it failed OR executed zero tests.
# Usage: scripts/suite.sh NAME -- command args...
# Counts come from the runners' own summary lines: cargo/wasm-bindgen-test ("test result: ok. N
# passed"), node:test / Deno ("pass N", "ok | N passed"), Bun ("N pass"), or a plain "N passed, N failed".
set -uo pipefail
name=$1; shift; [ "${1:-}" = "--" ] && shift
log=$(mktemp)
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(python3 - "$log" <<'PY'
import re, sys
text = re.sub(r'\x1b\[[0-9;]*m', '', open(sys.argv[1], errors='replace').read())
n = 0
n += sum(int(m) for m in re.findall(r'test result: (?:ok|FAILED)\. (\d+) passed', text))
n += sum(int(m) for m in re.findall(r'^[ℹ#] pass (\d+)\s*$', text, re.M))
n += sum(int(m) for m in re.findall(r'^ok \| (\d+) passed', text, re.M))
n += sum(int(m) for m in re.findall(r'^\s*(\d+) pass\s*$', text, re.M))
n += sum(int(m) for m in re.findall(r'^(?:\w+: )?(\d+) passed, \d+ failed', text, re.M))
print(n)
PY
)
rm -f "$log"
if [ "$status" -ne 0 ]; then
  echo "suite '$name': FAILED (exit $status)" >&2
  exit "$status"
fi
if [ "${passed:-0}" -eq 0 ]; then
  echo "suite '$name': executed ZERO tests; failing the build" >&2
  exit 1
fi
echo "suite '$name': $passed tests passed"
echo "$name $passed" >> "${SUITE_SUMMARY:-/dev/null}"
