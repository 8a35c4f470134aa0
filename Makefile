# Warden — the two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and the tests need (C libraries, redis-server for the adapter tests,
# systemd-analyze for the unit-file tests).
DEB_PACKAGES := libsystemd-dev libhiredis-dev libcurl4-openssl-dev libssl-dev pkg-config \
                redis-server systemd util-linux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# promtool checks alerts/warden.rules.yml and a live /metrics page. From PATH if there; else taken
# out of Debian's `prometheus` package into .build-tools/ (apt-get download + dpkg-deb -x: the
# package is never installed, so no Prometheus daemon is started).
TOOLS_DIR := .build-tools
PROMTOOL := $(shell command -v promtool 2>/dev/null || echo $(CURDIR)/$(TOOLS_DIR)/prometheus/usr/bin/promtool)
# The metrics test fails (not skips) without promtool when run from here.
export WARDEN_PROMTOOL := $(PROMTOOL)

.PHONY: all deps promtool build release orderfile test demo bench bench-venv clean

all: build

## deps: install the Debian packages that are missing (apt-get update only when needed)
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v redis-server >/dev/null || { echo "redis-server is still missing" >&2; exit 1; }

## promtool: for the tests only (rules and the /metrics page), from Debian's prometheus package,
## extracted — not installed, so no Prometheus daemon is set up or started.
promtool:
	@test -x "$(PROMTOOL)" || { \
	  echo "fetching promtool (Debian package prometheus, extracted into $(TOOLS_DIR)/)"; \
	  rm -rf $(TOOLS_DIR)/prometheus $(TOOLS_DIR)/deb && mkdir -p $(TOOLS_DIR)/deb && cd $(TOOLS_DIR)/deb && \
	  { apt-get download prometheus 2>/dev/null || { $(SUDO) apt-get update -qq && apt-get download prometheus; }; } && \
	  dpkg-deb -x prometheus_*.deb ../prometheus && cd .. && rm -rf deb; }
	@"$(PROMTOOL)" --version >/dev/null || { echo "promtool does not run: $(PROMTOOL)" >&2; exit 1; }

build: deps
	$(SWIFT) build

## release: the daemon as installed (see README), built in its own folder (.build-release: SwiftPM
## rebuilds everything when --static-swift-stdlib is switched on or off, and the debug build in
## .build/ must not pay for that). What keeps its resident memory small, each measured with the
## bench's 10,000 positions (VmRSS 37.3 -> 27.6 MB in all):
## - the Swift runtime and Foundation linked statically (RssFile 29.7 -> 27.1 MB);
## - lld with packed relative relocations (DT_RELR: 1.6 MB of .rela.dyn, read once at start, becomes
##   14 KB) and no exported symbol table (the loader looked up every library symbol in 24,809 of ours);
## - code layout: every function in its own section, and the functions `warden run` executes
##   (release/warden.order, `make orderfile`) laid out together at the start of .text, with Swift's
##   unnamed helpers (release/text-layout.ld) next to them. Before, the few thousand functions that
##   run were spread over 16 MB of code and the kernel mapped the 64 KB around each one: .text
##   resident 11.6 -> about 4.5 MB.
## SwiftPM does not relink when those two files change, so the binary is removed first if either
## is newer.
RELEASE_FLAGS := -c release --static-swift-stdlib --scratch-path .build-release \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
  -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic \
  -Xlinker --symbol-ordering-file=$(CURDIR)/release/warden.order -Xlinker --no-warn-symbol-ordering \
  -Xlinker -T -Xlinker $(CURDIR)/release/text-layout.ld
RELEASE_BIN := .build-release/release/warden
release: deps
	@for f in release/warden.order release/text-layout.ld; do \
	  if [ -e $(RELEASE_BIN) ] && [ $$f -nt $(RELEASE_BIN) ]; then rm -f $(RELEASE_BIN); fi; done
	$(SWIFT) build $(RELEASE_FLAGS) --product warden
	@echo "built $(RELEASE_BIN)"

## orderfile: regenerate release/warden.order from the current release build: the bench's scenarios,
## smaller, under valgrind's callgrind (bench/orderfile.py; about 2 minutes), then relink. Worth
## running after large changes; a stale file only costs resident memory, never correctness.
orderfile: release bench-venv
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends valgrind; }
	$(BENCH_VENV)/bin/python bench/orderfile.py $(RELEASE_BIN) release/warden.order
	$(MAKE) release

## test: build and run every test (tests start their own redis-server on a private port; the
## systemd tests boot real systemd in namespaces when run as root and say SKIPPED loudly otherwise).
## Three passes of one build: everything else in parallel; then suites named *Timing* (services
## driven against real Redis, HTTP and processes, with wall-clock waits); then suites named
## *Isolated* one at a time (a sleep loop that must stay on schedule while blocking C calls run,
## and real systemd as PID 1), so CPU-heavy tests cannot make them flaky. Any failure fails it.
## promtool checks and unit-tests the Prometheus rules first; a Timing test pipes a live /metrics
## page of `warden run` through `promtool check metrics` (WARDEN_PROMTOOL, exported above).
test: deps promtool
	"$(PROMTOOL)" check rules alerts/warden.rules.yml
	"$(PROMTOOL)" test rules alerts/warden.rules.test.yml
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip 'Timing|Isolated'
	$(SWIFT) test --skip-build --filter Timing --skip Isolated
	$(SWIFT) test --skip-build --filter Isolated --no-parallel

## demo: the embedded demo (`warden demo`): private redis-server, paper exchange, three positions —
## take-profit, stop-loss, and a broken exit path closed by the failsafe — safe mode, alerts to a
## local receiver; timeline and summary; exit 0 in about 25 s, nothing left running.
demo: build
	$$($(SWIFT) build --show-bin-path)/warden demo

## bench: every benchmark, then ONE table of figures against targets (bench/report.py): the exit
## monitor against the Python baseline (bench/bench.py, issue 3), fault → page (bench/alert_latency.py,
## issue 6) and ExitPathBroken → emergency order (bench/failsafe_latency.py, issue 7). Release build,
## private redis-server, a venv with redis + hiredis for the baseline. Misses print FAIL but do not
## fail the target; a broken bench does. About 8–10 minutes.
## Knobs: BENCH_RUNS=3, BENCH_IMPLS=warden,python, … (see bench/bench.py).
BENCH_VENV := .build-bench-venv
bench: release bench-venv
	$(SWIFT) build -c release --product WardenBench
	bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  $(BENCH_VENV)/bin/python bench/report.py --warden $(RELEASE_BIN) --stages "$$bin/WardenBench"

# The baseline's Python: a venv with redis-py and its hiredis parser.
bench-venv:
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV) || \
	  { echo 'python3 -m venv failed (Debian: apt-get install python3-venv)' >&2; exit 1; }
	@$(BENCH_VENV)/bin/python -c 'import redis, hiredis' 2>/dev/null || \
	  $(BENCH_VENV)/bin/pip install --quiet 'redis>=5,<9' 'hiredis>=2'

clean:
	rm -rf .build
