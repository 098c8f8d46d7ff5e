#!/usr/bin/env bash
# wx-open-data/client against real parts, on the npm-packed tarball: the mock WeChat over HTTP (Node),
# a real redis-server shared by two clients (one through node-redis, one through ioredis), and Workers
# KV shared by two Workers in workerd (Miniflare). The runtime-agnostic cases (fake fetch) are in
# js-tests/suite-client.mjs and run on every runner. Needs redis-server (scripts/install-tools.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v redis-server >/dev/null || { echo "client: redis-server is not installed (run scripts/install-tools.sh)" >&2; exit 1; }
bash "$root/scripts/examples-install.sh" mock-wechat
source "$root/js-tests/lib/consumer.sh"

# A private redis-server on a free loopback port, no persistence, stopped by its pid on exit.
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --dir "$work" --logfile "$work/redis.log"
trap 'if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  [ -f "$work/redis.pid" ] && redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
redis-cli -p "$port" ping | grep -q PONG || { cat "$work/redis.log" >&2; echo "client: redis-server did not start" >&2; exit 1; }
echo "client: redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port (pid $(cat "$work/redis.pid"))"

# The Redis clients and the Worker tooling are dev tools of the repository; the package is the tarball.
for m in redis ioredis esbuild miniflare; do ln -s "$root/node_modules/$m" "node_modules/$m"; done
cp "$root"/js-tests/client/*.mjs .
WX_ROOT="$root" REDIS_URL="redis://127.0.0.1:$port" node --test --test-reporter=spec --test-concurrency=1 \
  mock.test.mjs redis.test.mjs kv.test.mjs
