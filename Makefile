# wx-open-data: `make demo` runs the end-to-end demo, `make test` runs every suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SUITE := scripts/suite.sh
export SUITE_SUMMARY ?= $(CURDIR)/target/suite-summary.txt


.PHONY: test-readme audit fuzz test-hardening help tools build pack docs test-docs test test-size lint test-rust test-wasm test-js test-runtimes test-browser test-package test-types bench clean

help:
	@echo "make demo    - the end-to-end WeChat login demo (installs what is missing)"
	@echo "make test    - every suite: fmt, clippy, cargo tests, wasm tests, JS suites"
	@echo "make build   - build the npm package into pkg/"
	@echo "make pack    - build and pack it: ./wx-open-data-<version>.tgz"
	@echo "make docs    - the API reference in docs/api (TypeDoc)"
	@echo "make bench   - benchmarks (not tests: nothing asserts a time)"
	@echo "make audit   - cargo deny: licenses, bans, sources (offline) and advisories (needs network)"
	@echo "make fuzz    - fuzz every entry point for FUZZ_SECONDS (30) each, then the JS differential and hostile-input runs"

# Install whatever is missing (rust target, wasm-pack, pinned wasm-bindgen-cli, chromium, npm tools).
tools:
	@bash scripts/install-tools.sh

build: tools
	@bash scripts/build.sh

# The API reference in docs/api (TypeDoc over pkg/*.d.ts, Markdown, no warnings allowed).
docs: tools
	@bash scripts/docs.sh

# The npm tarball of pkg/, as a release would publish it: ./wx-open-data-<version>.tgz
# (install it elsewhere with `npm install /path/to/wx-open-data-<version>.tgz`).
pack: build
	@cd pkg && npm pack --silent --pack-destination "$(CURDIR)"

test: tools
	@mkdir -p target && : > $(SUITE_SUMMARY)
	@$(MAKE) --no-print-directory lint test-rust test-wasm build test-size test-js test-runtimes test-browser test-package test-types test-readme test-docs test-examples test-client test-wrangler test-bundlers test-hardening
	@echo "== suites =="; cat $(SUITE_SUMMARY)

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	CARGO_TARGET_DIR=target/simd RUSTFLAGS="-C target-feature=+simd128" cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib

test-rust:
	@$(SUITE) cargo -- cargo test --all-targets
	@$(SUITE) doctests -- cargo test --doc

test-wasm:
	@$(SUITE) wasm-node -- wasm-pack test --node --mode no-install
	@# The SIMD128 AES (src/aes_simd) on the real v128 code: vectors + a million-input differential vs the aes crate.
	@CARGO_TARGET_DIR=target/simd RUSTFLAGS="-C target-feature=+simd128" $(SUITE) wasm-simd-aes -- wasm-pack test --node --release --mode no-install -- --test aes_simd

test-js:
	@$(SUITE) node-esm-cjs -- bash js-tests/node/run.sh

# The same js-tests suite on the other runtimes, each against the npm-packed tarball (run `make build` first).
test-runtimes:
	@$(SUITE) deno -- bash js-tests/deno/run.sh
	@$(SUITE) bun -- bash js-tests/bun/run.sh
	@$(SUITE) workerd -- bash js-tests/workerd/run.sh

# Headless Debian Chromium and Firefox ESR: the suite in real pages, and the Rust boundary tests via
# wasm-bindgen-test (only the wasm target, so a zero-test run cannot hide behind the doctests).
test-browser:
	@$(SUITE) chromium -- bash js-tests/browser/run.sh chromium
	@$(SUITE) firefox -- bash js-tests/browser/run.sh firefox
	@WASM_BINDGEN_USE_BROWSER=1 $(SUITE) wasm-chrome -- wasm-pack test --headless --chrome --mode no-install -- --test wasm
	@WASM_BINDGEN_USE_BROWSER=1 $(SUITE) wasm-firefox -- wasm-pack test --headless --firefox --mode no-install -- --test wasm

# Every shipped .wasm against its budget (scripts/wasm-sizes.sh prints raw and gzip -9 sizes).
test-size:
	@$(SUITE) wasm-size -- bash scripts/wasm-sizes.sh

test-package:
	@$(SUITE) package -- bash js-tests/package/run.sh

test-docs:
	@$(SUITE) docs -- bash scripts/docs.sh --check

# The READMEs' snippets run as written (Node, Deno, Bun, tsc, Chromium, wrangler dev) from the packed tarball.
test-readme:
	@$(SUITE) readme -- bash js-tests/readme/run.sh

test-types:
	@$(SUITE) types -- bash js-tests/types/run.sh

# The end-to-end demo: mock WeChat on 127.0.0.1, examples/node (Express + SQLite) pointed at it through
# WX_API_BASE, and the scripted mini program walking the flow and its failure paths. Exit 1 on a deviation.
.PHONY: demo test-examples test-client test-wrangler test-bundlers
demo: build
	@bash scripts/examples-install.sh mock-wechat node
	@node examples/node/demo.mjs

# The examples' tests: the mock WeChat, the Worker in workerd with D1 (Miniflare) walked by the same
# scripted mini program, the mini program's login module with a simulated wx, and the framework
# recipes (Express, Koa, Fastify, Hono) against the mock (run `make build` first). examples-redis: two
# examples/node server processes sharing a real redis-server (started and stopped by the test).
test-examples:
	@bash scripts/examples-install.sh mock-wechat worker frameworks node
	@$(SUITE) examples -- node --test --test-reporter=spec examples/mock-wechat/test/mock.test.mjs examples/mock-wechat/test/api-security.test.mjs \
	  examples/worker/test/worker.test.mjs examples/miniprogram/test/session.test.js \
	  examples/frameworks/test/express.test.mjs examples/frameworks/test/koa.test.mjs \
	  examples/frameworks/test/fastify.test.mjs examples/frameworks/test/hono.test.mjs \
	  examples/frameworks/test/traps.test.mjs
	@$(SUITE) examples-redis -- node --test --test-reporter=spec examples/node/test/redis.test.mjs

# The Worker examples (plain, Hono) and the README's Worker under the real Wrangler 4 of scripts/edge on
# Node 22: D1 migrations applied locally, `wrangler dev` walked over HTTP and stopped, then
# `wrangler deploy --dry-run` (bundle size, .wasm modules). No account, no network (run `make build` first).
test-wrangler:
	@$(SUITE) wrangler -- bash js-tests/wrangler/run.sh

# Packaging with bundlers: Vite 8 and webpack 5, default settings, build a page importing wx-open-data
# (and /push, /diagnose, /testing) from the packed tarball; headless Chromium runs the suite in each build.
test-bundlers:
	@$(SUITE) bundlers -- bash js-tests/bundlers/run.sh

bench: build
	node bench/run.mjs

clean:
	cargo clean
	rm -rf pkg/dist pkg/README.md pkg/LICENSE

# Not part of `make test`: installs cargo-fuzz, runs every fuzz target for FUZZ_SECONDS each (one job),
# then the million-case JS runs (node:crypto differential, hostile input). Prints executions and crashes.
fuzz: build
	@bash scripts/fuzz.sh
	WX_DIFF_CASES=$${WX_DIFF_CASES:-1000000} WX_HOSTILE_CALLS=$${WX_HOSTILE_CALLS:-1000000} WX_TEST_TIMEOUT=$${WX_TEST_TIMEOUT:-21600000} bash js-tests/node/hardening.sh

# Hardening: the library against node:crypto (thousands of random cases) and hostile JS input.
test-hardening:
	@$(SUITE) node-hardening -- bash js-tests/node/hardening.sh

# Not part of `make test`: cargo deny over the dependency graph (deny.toml); installs cargo-deny if needed.
audit:
	@bash scripts/audit.sh

# wx-open-data/client on the packed tarball against real parts: the mock WeChat over HTTP, a private
# redis-server shared by a node-redis and an ioredis client, Workers KV shared by two Workers in workerd.
test-client:
	@$(SUITE) client -- bash js-tests/client/run.sh
