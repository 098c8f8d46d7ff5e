# Sourced by the JS runners: pack pkg/ with npm and install the tarball into a throwaway project,
# the way a user gets the package. Sets $root, $work (removed on exit), $tarball (absolute path) and
# $app (the project: package.json with "type": "module", node_modules/wx-open-data, the suite modules
# js-tests/*.mjs, and vectors.json = the merged tests/vectors/*.json, see js-tests/lib/vectors.mjs).
# Afterwards the caller is in $app.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$root/pkg/dist/wx_open_data_bg.wasm" ] || { echo "consumer: pkg/dist is not built; run make build" >&2; exit 1; }
tarball="$work/$(cd "$root/pkg" && npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)"
[ -f "$tarball" ] || { echo "consumer: npm pack failed" >&2; exit 1; }
app="$work/app"
mkdir -p "$app"
cd "$app"
printf '{ "name": "wx-open-data-consumer", "private": true, "version": "0.0.0", "type": "module" }\n' > package.json
npm install --no-audit --no-fund --silent "$tarball" >/dev/null 2>&1 || { echo "consumer: npm install of the tarball failed" >&2; exit 1; }
cp "$root"/js-tests/*.mjs .
node "$root/js-tests/lib/vectors.mjs" "$root/tests/vectors" > vectors.json
