# Thin wrapper over CMake. `make run` and `make test` are the README's two commands.
BUILD ?= build
JOBS ?= $(shell nproc)
WERROR ?= $(or $(VSFSIM_WERROR),OFF)

.PHONY: deps build run test bench install clang sanitize fuzz format check-format clean

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

# The binary, the shipped models (which a scenario without "models" uses), the schema and the docs under
# PREFIX: bin/vsfsim, share/vsfsim/{models/,schema.json}, share/doc/vsfsim/. README, Quick start.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# The same code with clang (what sanitizer and fuzzing builds need), warnings fatal as in CI; the unit
# tests run, the rest is covered by `make test`.
clang: deps
	@cmake -S . -B $(BUILD)-clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DVSFSIM_WERROR=ON >/dev/null
	@cmake --build $(BUILD)-clang -j $(JOBS)
	cd $(BUILD)-clang && ctest --output-on-failure -j $(JOBS) -R '^unit:'

# ASan + LeakSanitizer + UBSan (clang, -O1, UB fatal) in build-sanitize; the unit, sim and e2e tests run
# under them and any report fails its test. Left out for time: the 500 property runs, the M/M/c cases
# at utilization 0.8 (same code as the e2e fault runs and the 0.5 cases), and the two tests of what
# stderr says (quiet_stderr, progress: their runs are the other e2e tests' runs), grid_memory (peak RSS
# under ASan's allocator and shadow memory is not what a user runs), and the Python-side tests (notebooks,
# python_loader, report: what they test is Python; their vsfsim runs are the other tests' runs). README, Validation.
SAN_ENV = ASAN_OPTIONS=halt_on_error=1:print_stacktrace=1:detect_stack_use_after_return=0:detect_leaks=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tools/sanitize/lsan.supp:print_suppressions=0
sanitize: deps
	@cmake -S . -B $(BUILD)-sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DVSFSIM_SANITIZE=ON \
	  -DVSFSIM_WERROR=$(WERROR) $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
	@cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && $(SAN_ENV) ctest --output-on-failure -j $(JOBS) -E '^props:|utilization 0\.8|^e2e:(quiet_stderr|progress|grid_memory|notebooks|python_loader|report)$$'

# libFuzzer harnesses (tests/fuzz/, clang, ASan + UBSan) in build-fuzz, each run FUZZ_SECONDS (default 60);
# findings land in build-fuzz/fuzz/findings/<harness>/. Not in CI: ctest replays the corpora and the kept
# regression inputs in every build instead. README.md, "Fuzzing".
FUZZ_TARGETS = fuzz_loader fuzz_set fuzz_trace fuzz_fault_csv
fuzz: deps
	@cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DVSFSIM_FUZZ=ON \
	  -DVSFSIM_WERROR=$(WERROR) $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target $(FUZZ_TARGETS)
	tests/fuzz/run $(BUILD)-fuzz

format:
	tools/check-format --fix

check-format: deps
	tools/check-format

clean:
	rm -rf $(BUILD) $(BUILD)-clang $(BUILD)-sanitize $(BUILD)-fuzz out
