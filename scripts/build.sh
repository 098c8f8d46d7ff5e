#!/usr/bin/env bash
# Build the npm package in pkg/: one .wasm per concern, each with its wasm-bindgen glues (web ESM for
# the ESM entries, nodejs CJS for `require`), optimised with wasm-opt when the pinned npm binaryen is
# installed, then the CJS twins of the hand-written ESM API files. Usage: scripts/build.sh
#
#   module    subpath                 cargo feature  .wasm files in pkg/dist/
#   login     wx-open-data            login          wx_open_data_bg.wasm (SIMD128), wx_open_data_bg.nosimd.wasm
#   push      wx-open-data/push       push           push_bg.wasm
#   diagnose  wx-open-data/diagnose   diagnose       diagnose_bg.wasm
#   testing   wx-open-data/testing    testing        testing_bg.wasm
#
# The login module ships twice: the SIMD128 build (src/aes_simd: constant-time 8-block AES) and the
# baseline build (RustCrypto `aes`) for engines without WebAssembly SIMD; pkg/simd.mjs picks. The
# other modules do no AES-128 decryption worth a second build. Each build has its own target dir, so
# features and RUSTFLAGS never invalidate each other's cache.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST=pkg/dist
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$have" != "$want" ]; then
  echo "build: wasm-bindgen CLI $have does not match the pinned crate $want; run scripts/install-tools.sh" >&2
  exit 1
fi

# Optimisation (measured in docs/performance.md): the login module, called on every request, is
# built at opt-level 2: as fast as 3 (1.3-1.4x faster than "s" on Node, 1.4x on workerd) and 5%
# smaller; push, diagnose and testing are built for size ("s"). Every module uses the compact
# SHA-256 (only HMAC over short bodies).
FLAGS='--cfg sha2_backend_soft="compact"'

# cargo_wasm FEATURE DIR OPT-LEVEL [extra RUSTFLAGS] -> prints the path of the built .wasm
cargo_wasm() {
  local feature=$1 dir=$2 opt=$3 flags=${4:-}
  CARGO_TARGET_DIR="$dir" RUSTFLAGS="${RUSTFLAGS:-} $FLAGS $flags" CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt \
    cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features --features "$feature" >&2
  echo "$dir/wasm32-unknown-unknown/release/wx_open_data.wasm"
}

WASM_OPT=node_modules/.bin/wasm-opt
wasm_opt() { # IN OUT [--enable-simd]
  if [ -x "$WASM_OPT" ] && [ "${WASM_OPT_DISABLE:-0}" != 1 ]; then
    "$WASM_OPT" "${WASM_OPT_LEVEL:--O3}" ${3:-} --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2"
  else
    cp "$1" "$2"
  fi
}
if [ ! -x "$WASM_OPT" ]; then
  echo "build: no node_modules/.bin/wasm-opt (scripts/install-tools.sh installs it); shipping unoptimised modules" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$DIST"
mkdir -p "$DIST"

# bindgen NAME WASM: web + nodejs glue into $tmp/NAME/{web,node}; checks both targets wrote one .wasm.
bindgen() {
  local name=$1 wasm=$2
  wasm-bindgen --target web --out-dir "$tmp/$name/web" --out-name "$name" "$wasm"
  wasm-bindgen --target nodejs --out-dir "$tmp/$name/node" --out-name "$name" "$wasm"
  cmp -s "$tmp/$name/web/${name}_bg.wasm" "$tmp/$name/node/${name}_bg.wasm" || {
    echo "build: web and nodejs targets produced different $name .wasm files; the package assumes one" >&2
    exit 1
  }
  cp "$tmp/$name/web/$name.js" "$DIST/$name.js"
  cp "$tmp/$name/node/$name.js" "$DIST/${name}_node.cjs"
}

# login: baseline and SIMD128 builds, one glue.
bindgen wx_open_data "$(cargo_wasm login target/wasm-login 2)"
simd=$(cargo_wasm login target/wasm-login-simd 2 "-C target-feature=+simd128")
wasm-bindgen --target web --out-dir "$tmp/simd" --out-name wx_open_data "$simd"
cmp -s "$tmp/wx_open_data/web/wx_open_data.js" "$tmp/simd/wx_open_data.js" || {
  echo "build: the SIMD and baseline builds produced different glue; the package assumes one" >&2
  exit 1
}
wasm_opt "$tmp/wx_open_data/web/wx_open_data_bg.wasm" "$DIST/wx_open_data_bg.nosimd.wasm"
wasm_opt "$tmp/simd/wx_open_data_bg.wasm" "$DIST/wx_open_data_bg.wasm" --enable-simd

for module in push diagnose testing; do
  bindgen "$module" "$(cargo_wasm "$module" "target/wasm-$module" s)"
  wasm_opt "$tmp/$module/web/${module}_bg.wasm" "$DIST/${module}_bg.wasm"
done

# CJS twins of the hand-written ESM API files (one source for both module systems): the ESM files
# import the web glue (`./dist/NAME.js`), the CJS twins require the nodejs glue, which instantiates
# its .wasm synchronously on require.
node scripts/cjs-twins.mjs

# The hand-written declarations serve both module systems; CJS consumers need .d.cts twins, whose
# imports of a sibling declaration (`from './index.js'`) name its .cjs twin.
for f in pkg/*.d.ts; do
  base=$(basename "$f" .d.ts)
  sed -E "s#from '\./([a-z-]+)\.js'#from './\1.cjs'#" "$f" > "$DIST/$base.d.cts"
done
node scripts/pkg-readme.mjs
cp LICENSE* pkg/ 2>/dev/null || true

# Sizes against their budgets (printed here; `make test` fails above them).
bash scripts/wasm-sizes.sh || echo "build: a .wasm is above its budget in scripts/wasm-sizes.sh (make test fails)" >&2
