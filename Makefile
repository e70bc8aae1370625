# Thin wrapper over CMake. `make run` and `make test` are the README's two commands.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= $(or $(VSFSIM_WERROR),OFF)

.PHONY: deps build run test bench clean

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

clean:
	rm -rf $(BUILD) out
