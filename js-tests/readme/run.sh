#!/usr/bin/env bash
# The READMEs' snippets, run as written: every code block marked `<!-- readme-test: PATH -->` in
# README.md and README.zh-CN.md is written to PATH in a throwaway project that installed the packed
# tarball by name, then run the way the README says (Node, Deno, Bun, tsc under strict with nodenext
# and bundler resolution, the browser page in headless Chromium, the Worker under `wrangler dev`).
set -euo pipefail
bin="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin"
here="$(cd "$(dirname "$0")" && pwd)"
source "$(dirname "$0")/../lib/consumer.sh"
passed=0
failed=0
expect() { # name expected-substring command...
  local name=$1 want=$2; shift 2
  local out
  out=$("$@" 2>&1) || true
  if [[ "$out" == *"$want"* ]]; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "$out" | tail -20; echo "FAIL $name (expected: $want)"; failed=$((failed + 1))
  fi
}
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Both READMEs: under 20 KB, the same sections (heading levels) in the same order, each linking the other.
expect "README.md and README.zh-CN.md: < 20 KB, same section structure, linked both ways" "same" node -e '
  const fs = require("fs");
  const [en, zh] = ["README.md", "README.zh-CN.md"].map((f) => fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
  const shape = (t) => t.replace(/```[\s\S]*?```/g, "").split("\n").filter((l) => /^#{2,3} /.test(l)).map((l) => l.split(" ")[0]).join(",");
  for (const [n, t] of [["README.md", en], ["README.zh-CN.md", zh]]) if (Buffer.byteLength(t) >= 20480) throw new Error(n + " is " + Buffer.byteLength(t) + " bytes");
  if (shape(en) !== shape(zh) || shape(en).split(",").length < 8) throw new Error("sections differ: " + shape(en) + " vs " + shape(zh));
  if (!en.includes("](README.zh-CN.md)") || !zh.includes("](README.md)")) throw new Error("the READMEs do not link each other");
  console.log("same");
' "$root"

for readme in README.md README.zh-CN.md; do
  dir="$app/readme-${readme%.md}"
  mkdir -p "$dir"
  ln -s ../node_modules "$dir/node_modules"
  cp package.json "$dir/"
  files=$(node "$here/extract.mjs" "$root/$readme" "$dir" | tr '\n' ' ')
  echo "$readme: $files"
  for f in vector.json quickstart.mjs profile.ts index.html wrangler.toml src/index.mjs sessions.mjs platforms.mjs; do
    [ -f "$dir/$f" ] || { echo "FAIL $readme has no readme-test block for $f"; failed=$((failed + 1)); }
  done
  band="Band oGZUI0egBJY1zhBYw2KhdUfwVJJE"
  expect "$readme quick start: node quickstart.mjs" "$band" bash -c "cd '$dir' && node quickstart.mjs"
  expect "$readme quick start: deno run --allow-read quickstart.mjs" "$band" \
    bash -c "cd '$dir' && DENO_NO_UPDATE_CHECK=1 '$bin/deno' run --allow-read quickstart.mjs"
  expect "$readme quick start: bun quickstart.mjs" "$band" bash -c "cd '$dir' && '$bin/bun' quickstart.mjs"
  expect "$readme sealed sessions: node sessions.mjs" "ERR_SESSION_INVALID" bash -c "cd '$dir' && node sessions.mjs | grep -q '^oGZUI0egBJY1zhBYw2KhdUfwVJJE 1 ' && node sessions.mjs"
  expect "$readme other platforms: node platforms.mjs" "ERR_WX_API baidu 40001 invalid_grant" bash -c "cd '$dir' && node platforms.mjs"
  # The same program must fail as the comment says without `now` (the 2016 sample is too old).
  expect "$readme quick start without now: ERR_WATERMARK_EXPIRED" "ERR_WATERMARK_EXPIRED" \
    bash -c "cd '$dir' && sed 's/, now: 1477314247//' quickstart.mjs > no-now.mjs && node no-now.mjs"
  for mode in "nodenext nodenext" "preserve bundler"; do
    set -- $mode
    cat > "$dir/tsconfig.$2.json" <<JSON
{ "compilerOptions": { "module": "$1", "moduleResolution": "$2", "target": "es2022", "lib": ["es2022", "dom"],
    "types": [], "strict": true, "noEmit": true, "skipLibCheck": false, "isolatedModules": true },
  "files": ["profile.ts"] }
JSON
    expect "$readme TypeScript snippet: tsc --strict, moduleResolution $2" "tsc-ok" \
      bash -c "cd '$dir' && '$bin/tsc' -p tsconfig.$2.json && echo tsc-ok"
  done
  port=$(free_port)
  (cd "$dir" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
  server=$!
  sleep 1
  expect "$readme browser page (import map, headless Chromium)" "Band" node "$here/browser.mjs" "http://127.0.0.1:$port/"
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  if [ -x "$root/scripts/edge/node_modules/.bin/wrangler" ]; then
    expect "$readme Worker under wrangler dev (the README's wrangler.toml)" '{"nickName":"Band","openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE"}' \
      bash "$here/wrangler.sh" "$dir"
  else
    echo "FAIL no wrangler in scripts/edge (scripts/install-tools.sh installs it)"; failed=$((failed + 1))
  fi
done
echo "readme: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
