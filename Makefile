# wx-open-data: `make demo` runs the end-to-end demo, `make test` runs every suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SUITE := scripts/suite.sh
export SUITE_SUMMARY ?= $(CURDIR)/target/suite-summary.txt

.PHONY: help tools build test lint test-rust test-wasm test-js bench clean

help:
	@echo "make demo    - the end-to-end WeChat login demo (installs what is missing)"
	@echo "make test    - every suite: fmt, clippy, cargo tests, wasm tests, JS suites"
	@echo "make build   - build the npm package into pkg/"
	@echo "make bench   - benchmarks (not tests: nothing asserts a time)"

# Install whatever is missing (rust target, wasm-pack, pinned wasm-bindgen-cli, chromium, npm tools).
tools:
	@bash scripts/install-tools.sh

build: tools
	@bash scripts/build.sh

test: tools
	@mkdir -p target && : > $(SUITE_SUMMARY)
	@$(MAKE) --no-print-directory lint test-rust test-wasm build test-js
	@echo "== suites =="; cat $(SUITE_SUMMARY)

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

test-rust:
	@$(SUITE) cargo -- cargo test --all-targets
	@$(SUITE) doctests -- cargo test --doc

test-wasm:
	@$(SUITE) wasm-node -- wasm-pack test --node --mode no-install

test-js:
	@$(SUITE) node-esm-cjs -- bash js-tests/node/run.sh

bench: build
	node bench/run.mjs

clean:
	cargo clean
	rm -rf pkg/dist pkg/README.md pkg/LICENSE
