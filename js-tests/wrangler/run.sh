#!/usr/bin/env bash
# The Worker examples under the real Wrangler (wrangler dev + wrangler deploy --dry-run), see
# wrangler.test.mjs. Needs `make build` (pkg/dist) and `make tools` (scripts/edge: Node 22 + Wrangler).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/examples-install.sh mock-wechat worker worker-hono
exec node --test --test-reporter=spec --test-concurrency=1 js-tests/wrangler/wrangler.test.mjs
