#!/usr/bin/env bash
# `make audit`: cargo deny over the dependency graph (deny.toml). Not part of `make test`.
# licenses, bans, sources: offline, must pass. advisories: needs the RustSec database from the
# network; where it cannot be fetched (this project's machines) it is reported as skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! cargo deny --version >/dev/null 2>&1; then
  echo "audit: installing cargo-deny (several minutes)"
  cargo install --locked cargo-deny || exit 1
fi
cargo deny --version
cargo deny check licenses bans sources || exit 1
if cargo deny check advisories; then
  echo "audit: advisories checked"
else
  echo "audit: advisories NOT checked (the RustSec database could not be fetched: no network?)" >&2
fi
