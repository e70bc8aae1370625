# Thin wrapper over CMake. `make run` and `make test` are the README's two commands.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= $(or $(VSFSIM_WERROR),OFF)

.PHONY: deps build run test bench clang format check-format clean

deps:
	@tools/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DVSFSIM_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/vsfsim run scenarios/quickstart.json -o out/quickstart

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	tools/bench/run

# The same code with clang (what sanitizer and fuzzing builds need), warnings fatal as in CI; the unit
# tests run, the rest is covered by `make test`.
clang: deps
	@cmake -S . -B $(BUILD)-clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DVSFSIM_WERROR=ON >/dev/null
	@cmake --build $(BUILD)-clang -j $(JOBS)
	cd $(BUILD)-clang && ctest --output-on-failure -j $(JOBS) -R '^unit:'

format:
	tools/check-format --fix

check-format: deps
	tools/check-format

clean:
	rm -rf $(BUILD) $(BUILD)-clang out
