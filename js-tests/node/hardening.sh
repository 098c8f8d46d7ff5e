#!/usr/bin/env bash
# Hardening suite: the library against node:crypto, and hostile JavaScript input, on the
# packed-and-installed package. Sizes: WX_DIFF_CASES, WX_HOSTILE_CALLS, WX_SEED (see the test file).
set -euo pipefail
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/node/hardening.test.mjs" .
node --expose-gc --test --test-reporter=spec --test-timeout="${WX_TEST_TIMEOUT:-1800000}" hardening.test.mjs
