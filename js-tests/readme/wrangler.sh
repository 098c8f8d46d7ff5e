#!/usr/bin/env bash
# The README's Worker under the real `wrangler dev` (the pinned Wrangler of scripts/edge on its Node 22,
# scripts/wrangler.sh): DIR holds the README's wrangler.toml, src/index.mjs and vector.json as printed,
# with node_modules/wx-open-data from the packed tarball. Starts `wrangler dev` on a free loopback port,
# sends the README's curl (POST vector.json with the demo Bearer token), prints the answer, then stops
# the whole process group (Wrangler, its Node, esbuild, workerd) and fails if anything is left.
# Usage: wrangler.sh DIR
set -euo pipefail
dir=$1
wrangler="$(cd "$(dirname "$0")/../.." && pwd)/scripts/wrangler.sh"
port=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
inspector=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
cd "$dir"
WRANGLER_LOG_PATH="$dir/.wrangler/logs" setsid bash "$wrangler" dev --ip 127.0.0.1 --port "$port" --inspector-port "$inspector" \
  --persist-to "$dir/.wrangler/state" --show-interactive-dev-session=false >"$log" 2>&1 </dev/null &
pgid=$!
stop() {
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 -- "-$pgid" 2>/dev/null; then
    kill -KILL -- "-$pgid" 2>/dev/null || true
    echo "wrangler.sh: wrangler dev left processes behind after SIGTERM" >&2
    return 1
  fi
}
trap 'stop || true; rm -f "$log"' EXIT
for _ in $(seq 900); do
  grep -q "Ready on http://127.0.0.1:$port" "$log" && break
  kill -0 "$pgid" 2>/dev/null || { cat "$log" >&2; echo "wrangler.sh: wrangler dev exited" >&2; exit 1; }
  sleep 0.1
done
grep -q "Ready on" "$log" || { cat "$log" >&2; echo "wrangler.sh: wrangler dev not ready after 90 s" >&2; exit 1; }
curl -s -H 'authorization: Bearer demo-token' --data @vector.json "http://127.0.0.1:$port/"
echo
stop
trap 'rm -f "$log"' EXIT
