#!/usr/bin/env bash
# workerd (Cloudflare Workers runtime, via Miniflare 4 from npm): pack + install the tarball into a
# throwaway Worker project, bundle a Worker that imports 'wx-open-data' by name, run the suite in it.
set -euo pipefail
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/workerd/worker.mjs" .
# Miniflare and esbuild are dev tools of the repository (run.mjs resolves them from its own location).
node --no-warnings "$root/js-tests/workerd/run.mjs" "$app"
