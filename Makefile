# The two entry points of the README: `make demo` and `make test`.
# Both install missing Debian packages, build, and run. Idempotent.
BUILD ?= build
JOBS ?= $(shell nproc)
MODEL ?= models/entity-list-2019.yaml
SCENARIO ?= el-2019-10

.PHONY: all deps build demo test test-unit test-repeat test-sanitize test-fuzz fuzz bench bench-1e8 clean

all: build

deps:
	@scripts/install-deps.sh

# The `ci` preset (CMakePresets.json: RelWithDebInfo, warnings are errors)
# in $(BUILD).
build: deps
	@cmake --preset ci -B $(BUILD) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/decouple check $(MODEL)
	$(BUILD)/decouple impact $(MODEL) --scenario $(SCENARIO)

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Each unit and CLI test REPEAT times, stopping at a test's first failure,
# so a test that fails only sometimes shows here before it reaches CI.
# TESTS narrows the set (a ctest -R regex): make test-repeat TESTS=cli.compile
REPEAT ?= 20
TESTS ?= ^(unit|cli)\.
test-repeat: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --repeat until-fail:$(REPEAT) -R '$(TESTS)'

# The whole suite again, built with clang under AddressSanitizer and UBSan
# (any finding fails the test). The same build holds the fuzz targets.
test-sanitize: deps
	@scripts/sanitize-build.sh
	cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# Each fuzz target for a short bounded time (clang + libFuzzer); a crash
# fails the run. `make fuzz` runs them longer.
FUZZ_SECONDS ?= 15
test-fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz:
	scripts/fuzz.sh 600

test: test-unit test-sanitize test-fuzz

# A plain Release build: -O3 may make a compiler report false warnings
# inside libstdc++ and Boost, so the bench build shows warnings without
# failing on them (the test builds treat them as errors).
bench: deps
	@cmake -S . -B $(BUILD)-bench -DCMAKE_BUILD_TYPE=Release -DDECOUPLE_BENCH=ON >/dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
	scripts/run-bench.sh $(BUILD)-bench

# The national-scale run of docs/performance.md ("10^8 edges"): 10^6, 10^7
# and 10^8 option edges, each step under a 19 GB memory limit. Hours on a
# busy 2-core machine and up to 13 GB of disk under /tmp; not part of
# `make test`.
bench-1e8: build
	bench/hundred-million.sh -d $(BUILD)/decouple 383000 3830000 38300000

clean:
	rm -rf $(BUILD) $(BUILD)-bench build-fuzz
