# Sourced by the JS runners: pack pkg/ with npm and install the tarball into a throwaway project,
# the way a user gets the package. Sets $root, $work (removed on exit), $tarball (absolute path) and
# $app (the project: package.json with "type": "module", node_modules/wx-open-data, the suite modules
# js-tests/*.mjs, and vectors.json = the merged tests/vectors/*.json, see js-tests/lib/vectors.mjs).
# Afterwards the caller is in $app.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app="$work/app"
# In a shared working tree another `make build` may be rewriting pkg/dist while we pack: if the packed
# package lacks its build output, wait for the build to settle and pack again (a few tries).
for try in 1 2 3 4 5 6; do
  if [ -f "$root/pkg/dist/wx_open_data_bg.wasm" ] && [ -f "$root/pkg/dist/wx_open_data.js" ]; then
    rm -rf "$app" "$work"/*.tgz
    tarball="$work/$(cd "$root/pkg" && npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)"
    [ -f "$tarball" ] || { echo "consumer: npm pack failed" >&2; exit 1; }
    mkdir -p "$app"
    cd "$app"
    printf '{ "name": "wx-open-data-consumer", "private": true, "version": "0.0.0", "type": "module" }\n' > package.json
    npm install --no-audit --no-fund --silent "$tarball" >/dev/null 2>&1 || { echo "consumer: npm install of the tarball failed" >&2; exit 1; }
    d=node_modules/wx-open-data/dist
    [ -f $d/wx_open_data_bg.wasm ] && [ -f $d/wx_open_data.js ] && [ -f $d/wx_open_data_node.cjs ] && break
  fi
  [ "$try" = 6 ] && { echo "consumer: pkg/dist is not built (or kept changing); run make build" >&2; exit 1; }
  echo "consumer: pkg/dist is being rebuilt; packing again in 15 s" >&2
  sleep 15
done
cp "$root"/js-tests/*.mjs .
# `jose` (a root devDependency) as one ESM file, for the runners that pass it to the suite (session interop).
"$root/node_modules/.bin/esbuild" --bundle --format=esm --log-level=warning "$root/node_modules/jose/dist/webapi/index.js" --outfile=jose.mjs
node "$root/js-tests/lib/vectors.mjs" "$root/tests/vectors" > vectors.json
