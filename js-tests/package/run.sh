#!/usr/bin/env bash
# Packaging tests on the npm-packed tarball: publint, @arethetypeswrong/cli, zero runtime dependencies,
# every `exports` target shipped and nothing else, and throwaway Node CJS and ESM projects that install
# the tarball and use it by name. (The Worker project is js-tests/workerd/run.sh, the types js-tests/types.)
set -euo pipefail
bin="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin"
source "$(dirname "$0")/../lib/consumer.sh"
passed=0
failed=0
check() { # name command...
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "$out"; echo "FAIL $name"; failed=$((failed + 1))
  fi
}

check "publint --strict on the tarball" "$bin/publint" run --strict "$tarball"
check "attw: '.', './node', './push', './diagnose', './testing', './client', './package.json' (node10, node16 CJS+ESM, bundler)" \
  "$bin/attw" "$tarball" --format ascii --entrypoints . ./node ./push ./diagnose ./testing ./client ./package.json
# ./web and ./workerd are ESM-only on purpose (top-level-await-free web glue; workerd .wasm import).
check "attw: './web', './workerd' (ESM-only by design)" \
  "$bin/attw" "$tarball" --format ascii --entrypoints ./web ./workerd --ignore-rules cjs-resolves-to-esm

pj=node_modules/wx-open-data/package.json
check "zero runtime dependencies" node -e '
  const p = require(process.argv[1]);
  for (const k of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"])
    if (p[k] && Object.keys(p[k]).length) throw new Error(k + " present: " + JSON.stringify(p[k]));
  const fs = require("fs");
  const installed = fs.readdirSync("node_modules").filter((d) => !d.startsWith("."));
  if (installed.join() !== "wx-open-data") throw new Error("installing the tarball pulled in: " + installed);
' "$PWD/$pj"
check "every exports target is in the tarball, and only shipped files are" node -e '
  const fs = require("fs"), path = require("path");
  const dir = path.dirname(process.argv[1]);
  const p = require(process.argv[1]);
  const targets = new Set();
  const walk = (t) => typeof t === "string" ? targets.add(t) : Object.values(t).forEach(walk);
  walk(p.exports); targets.add(p.main); targets.add(p.types);
  for (const t of targets) if (!fs.existsSync(path.join(dir, t))) throw new Error("missing export target " + t);
  const files = [];
  const list = (d) => fs.readdirSync(path.join(dir, d)).forEach((f) => {
    const rel = path.join(d, f);
    fs.statSync(path.join(dir, rel)).isDirectory() ? list(rel) : files.push(rel);
  });
  list("");
  const bad = files.filter((f) => !/^(dist\/[\w.-]+|[\w.-]+\.(mjs|cjs|d\.ts)|package\.json|README\.md|LICENSE.*)$/.test(f));
  if (bad.length) throw new Error("unexpected files in the tarball: " + bad);
  if (!files.includes("dist/wx_open_data_bg.wasm")) throw new Error("no .wasm");
  console.log(files.length + " files");
' "$PWD/$pj"

check "the shipped README: every link absolute (or an anchor), each naming a file of this repository" node -e '
  const fs = require("fs"), path = require("path");
  const [readme, root] = process.argv.slice(1);
  const home = require(path.join(path.dirname(readme), "package.json")).homepage.replace(/#.*$/, "");
  const links = [...fs.readFileSync(readme, "utf8").matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  if (links.length < 10) throw new Error("only " + links.length + " links found: is the pattern right?");
  for (const l of links) {
    if (l.startsWith("#")) continue;
    if (!l.startsWith("https://")) throw new Error("relative link in the shipped README: " + l);
    const m = l.match(/^(.*?)\/(?:blob|tree)\/main\/([^#]*)/);
    if (m && m[1] === home && !fs.existsSync(path.join(root, m[2]))) throw new Error("links to a file the repository lacks: " + m[2]);
  }
  console.log(links.length + " links");
' "$PWD/node_modules/wx-open-data/README.md" "$root"

# Throwaway Node projects, one per module system, importing the package by name.
mkdir ../cjs ../esm
printf '{ "name": "cjs-consumer", "private": true, "version": "0.0.0" }\n' > ../cjs/package.json
printf '{ "name": "esm-consumer", "private": true, "version": "0.0.0", "type": "module" }\n' > ../esm/package.json
for kind in cjs esm; do
  (cd "../$kind" && npm install --no-audit --no-fund --silent "$tarball" >/dev/null 2>&1)
  cp "$root/js-tests/package/check.$( [ $kind = cjs ] && echo cjs || echo mjs )" "../$kind/"
done
check "Node CJS project (no \"type\"): require by name" bash -c "cd ../cjs && node check.cjs '$app/vectors.json'"
check "Node ESM project (\"type\": \"module\"): import by name" bash -c "cd ../esm && node check.mjs '$app/vectors.json'"
cp "$root/js-tests/package/names.mjs" ../esm/
check "each subpath: ESM entry, CJS entry and .d.ts export the same names" bash -c "cd ../esm && node names.mjs"

echo "tarball $(wc -c < "$tarball") bytes"
for f in node_modules/wx-open-data/dist/*.wasm; do
  echo "$(basename "$f"): $(wc -c < "$f") bytes raw, $(gzip -9 -c "$f" | wc -c) bytes gzip -9"
done
echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
