#!/usr/bin/env bash
# Headless Chromium (Debian's /usr/bin/chromium, playwright-core) or Firefox ESR (geckodriver): pack +
# install the tarball into a throwaway web project and run the suite in real pages that import
# 'wx-open-data' by name. Usage: run.sh [chromium|firefox]
set -euo pipefail
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/browser/page.mjs" "$root/js-tests/browser/web-only.mjs" .
node "$root/js-tests/browser/run.mjs" "$app" "${1:-chromium}"
