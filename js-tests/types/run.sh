#!/usr/bin/env bash
# Type tests: pack + install the tarball into a throwaway project, then `tsc --noEmit` the .ts/.mts/.cts
# files of js-tests/types/ against it under two module resolutions users have (nodenext and bundler).
# Every `@ts-expect-error` line must be rejected, so wrong calls the declarations accept fail the run.
set -euo pipefail
tsc="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin/tsc"
source "$(dirname "$0")/../lib/consumer.sh"
mkdir types
cp "$root"/js-tests/types/*.*ts types/
nfiles=$(find types -name '*.*ts' | wc -l)
expects=$(cat types/* | grep -c '@ts-expect-error' || true)
"$tsc" --version
write_config() { # name module moduleResolution
  cat > "tsconfig.$1.json" <<JSON
{ "compilerOptions": { "module": "$2", "moduleResolution": "$3", "target": "es2022", "lib": ["es2022", "dom"],
    "types": [], "strict": true, "noEmit": true, "skipLibCheck": false, "noUnusedLocals": false,
    "forceConsistentCasingInFileNames": true, "isolatedModules": true },
  "include": ["types/*.ts", "types/*.mts", "types/*.cts"] }
JSON
}
write_config nodenext nodenext nodenext
write_config bundler preserve bundler
passed=0
failed=0
for mode in nodenext bundler; do
  if "$tsc" -p "tsconfig.$mode.json"; then
    echo "ok   tsc --noEmit ($mode): $nfiles files, $expects @ts-expect-error lines rejected"
    passed=$((passed + nfiles))
  else
    echo "FAIL tsc --noEmit ($mode)"
    failed=$((failed + nfiles))
  fi
done
# The check itself must be able to fail: a wrong call without its directive is an error.
printf "import { decryptOpenData } from 'wx-open-data';\ndecryptOpenData({ appId: 1 });\n" > types/zz-negative-control.ts
if "$tsc" -p tsconfig.nodenext.json >/dev/null 2>&1; then
  echo "FAIL negative control: tsc accepted decryptOpenData({ appId: 1 }) (types resolve to any?)"
  failed=$((failed + 1))
else
  echo "ok   negative control: tsc rejects decryptOpenData({ appId: 1 })"
  passed=$((passed + 1))
fi
echo "types: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
