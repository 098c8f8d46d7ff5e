#!/usr/bin/env bash
# Build the npm package in pkg/: one wasm, two wasm-bindgen glues (web ESM, nodejs CJS) in pkg/dist/,
# optimised with wasm-opt when the pinned npm binaryen is installed. Usage: scripts/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/wx_open_data.wasm
DIST=pkg/dist
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$have" != "$want" ]; then
  echo "build: wasm-bindgen CLI $have does not match the pinned crate $want; run scripts/install-tools.sh" >&2
  exit 1
fi

cargo build --quiet --release --target wasm32-unknown-unknown --lib
# The SIMD128 build (src/aes_simd: constant-time 8-block AES) is the default .wasm; the baseline above
# (RustCrypto `aes`) ships as the fallback for engines without SIMD (pkg/simd.mjs picks). Its own
# target dir, so the two RUSTFLAGS never invalidate each other's cache.
SIMD_WASM=target/simd/wasm32-unknown-unknown/release/wx_open_data.wasm
CARGO_TARGET_DIR=target/simd RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128" \
  cargo build --quiet --release --target wasm32-unknown-unknown --lib

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --out-dir "$tmp/web" --out-name wx_open_data "$WASM"
wasm-bindgen --target nodejs --out-dir "$tmp/node" --out-name wx_open_data "$WASM"
wasm-bindgen --target web --out-dir "$tmp/simd" --out-name wx_open_data "$SIMD_WASM"
cmp -s "$tmp/web/wx_open_data.js" "$tmp/simd/wx_open_data.js" || {
  echo "build: the SIMD and baseline builds produced different glue; the package assumes one" >&2
  exit 1
}
cmp -s "$tmp/web/wx_open_data_bg.wasm" "$tmp/node/wx_open_data_bg.wasm" || {
  echo "build: web and nodejs targets produced different .wasm files; the package assumes one" >&2
  exit 1
}

rm -rf "$DIST"
mkdir -p "$DIST"
cp "$tmp/web/wx_open_data.js" "$DIST/wx_open_data.js"
cp "$tmp/node/wx_open_data.js" "$DIST/wx_open_data_node.cjs"

# wasm-opt from the npm package binaryen (Debian's binaryen 108 writes modules that fail to load).
WASM_OPT=node_modules/.bin/wasm-opt
if [ -x "$WASM_OPT" ] && [ "${WASM_OPT_DISABLE:-0}" != 1 ]; then
  "$WASM_OPT" "${WASM_OPT_LEVEL:--O3}" --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/web/wx_open_data_bg.wasm" -o "$DIST/wx_open_data_bg.nosimd.wasm"
  "$WASM_OPT" "${WASM_OPT_LEVEL:--O3}" --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/simd/wx_open_data_bg.wasm" -o "$DIST/wx_open_data_bg.wasm"
else
  echo "build: no node_modules/.bin/wasm-opt (scripts/install-tools.sh installs it); shipping the unoptimised module" >&2
  cp "$tmp/web/wx_open_data_bg.wasm" "$DIST/wx_open_data_bg.nosimd.wasm"
  cp "$tmp/simd/wx_open_data_bg.wasm" "$DIST/wx_open_data_bg.wasm"
fi

# The hand-written declarations serve both module systems; CJS consumers need a .d.cts twin.
cp pkg/index.d.ts "$DIST/index.d.cts"
for f in pkg/*.d.ts; do
  base=$(basename "$f" .d.ts)
  [ "$base" = index ] || cp "$f" "$DIST/$base.d.cts"
done
cp README.md pkg/README.md 2>/dev/null || true
cp LICENSE* pkg/ 2>/dev/null || true

for f in wx_open_data_bg.wasm wx_open_data_bg.nosimd.wasm; do
  raw=$(wc -c < "$DIST/$f")
  gz=$(gzip -9 -c "$DIST/$f" | wc -c)
  echo "build: pkg/dist/$f: $raw bytes raw, $gz bytes gzip -9"
done
