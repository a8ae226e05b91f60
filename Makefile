# sclogs: every target needs only Go (and git for check-generated); tools are
# run at pinned versions with `go run`, so nothing has to be installed first.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# ci regenerates gen/ and then compiles it: never run targets side by side.
.NOTPARALLEL:

GO ?= go
STATICCHECK_VERSION := v0.8.2
# Each fuzz target's budget in `make fuzz`: an execution count (20000x) or a
# duration (30s). CI uses a count: Go 1.26's duration budgets can fail at
# random without a finding (golang/go#75804; see internal/fuzzrun).
FUZZTIME ?= 30s

# The race detector needs cgo (a C compiler) on Linux. On a machine with only
# Go, cgo is off: run the tests without it, and say so.
RACE := $(if $(filter 1,$(shell $(GO) env CGO_ENABLED)),-race,)

.PHONY: help generate check-generated test lint cover bench fuzz demo ci conformance

help:
	@echo "make generate         regenerate gen/ from api/openapi.yaml + api/overlay.yaml (and its getters)"
	@echo "make check-generated  regenerate and fail if that changes gen/"
	@echo "make test             go test -race ./..."
	@echo "make lint             gofmt, go vet, staticcheck $(STATICCHECK_VERSION)"
	@echo "make cover            tests with coverage (coverage.out)"
	@echo "make bench            benchmarks (BENCH_ROUNDS=5: medians of five passes)"
	@echo "make bench-peers      sclogs against ogen, oapi-codegen and bare loops (bench/peers)"
	@echo "make fuzz             every fuzz target for FUZZTIME each (default 30s; a count like 20000x works too)"
	@echo "make demo             the CLI against its built-in fake server"
	@echo "make ci               check-generated + lint + test + short fuzz"
	@echo "make conformance      serve-fake behind Prism's validating proxy (npm), every operation of the spec"

# The generators (oapi-codegen, internal/genaccessors, internal/gendecode) run from
# generate.go's go:generate lines, in that order.
generate:
	$(GO) generate .

# Regenerates gen/ (and internal/decode/decode.gen.go, gendecode's output) and
# fails if that changed them, or if gen/ holds a file that generation did not
# write. It compares with gen/ as it was just before, not
# with git's index, so it passes right after `make generate` on an unstaged
# change too; in CI, where the tree is the commit, it checks the commit.
check-generated:
	@before=$$(mktemp -d); stamp=$$before/.stamp; trap 'rm -rf "$$before"' EXIT; \
	cp -R gen/. "$$before/"; touch "$$stamp"; \
	decoders=internal/decode/decode.gen.go; mkdir "$$before/.decode"; cp "$$decoders" "$$before/.decode/" 2>/dev/null || true; \
	$(GO) generate .; \
	stray=$$(find gen -type f ! -newer "$$stamp"); \
	if [ -n "$$stray" ]; then \
		echo "check-generated: gen/ has files that generation does not write (remove them):" >&2; \
		echo "$$stray" >&2; exit 1; fi; \
	if ! diff -ru -x .stamp -x .decode "$$before" gen/; then \
		echo "check-generated: gen/ differed from what 'go generate .' makes (diff above; gen/ now holds the new output)." >&2; \
		echo "Never edit gen/ by hand; change api/overlay.yaml or oapi-codegen.yaml, run 'make generate' and commit gen/." >&2; \
		exit 1; fi; \
	if ! diff -u --label "$$decoders (before)" --label "$$decoders" "$$before/.decode/decode.gen.go" "$$decoders"; then \
		echo "check-generated: $$decoders differed from what 'go generate .' makes (internal/gendecode; never edit it by hand)." >&2; \
		exit 1; fi
	@echo "check-generated: gen/ and internal/decode are what generation makes"

test:
	@if [ -z "$(RACE)" ]; then echo "test: cgo is off (no C compiler?), running without -race" >&2; fi
	$(GO) test $(RACE) $(TESTFLAGS) ./...

lint:
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then \
		echo "lint: not gofmt-formatted (run gofmt -w):" >&2; echo "$$unformatted" >&2; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

cover:
	$(GO) test $(RACE) -covermode=atomic -coverprofile=coverage.out ./...
	$(GO) tool cover -func=coverage.out | tail -n 1
	@echo "cover: per function: go tool cover -func=coverage.out; HTML: go tool cover -html=coverage.out"

# Every benchmark, then the side-by-side table of sclogs against its baselines
# from this same run (internal/bench/table); the raw output stays in bench.txt.
# BENCH_ROUNDS=5 runs every benchmark five times, one whole pass after
# another, and the table shows medians with their ranges.
BENCH_ROUNDS ?= 1
bench:
	for round in $$(seq $(BENCH_ROUNDS)); do $(GO) test -run '^$$' -bench . -benchmem ./... || exit 1; done | tee bench.txt
	@echo
	$(GO) run ./internal/bench/table < bench.txt

# sclogs against its peer clients over the same replayed pages; bench/peers
# is its own module, so ogen stays out of sclogs' go.mod. PEERS_FLAGS, e.g.
# -rounds 9 -cpu 2, go to the program.
.PHONY: bench-peers
bench-peers:
	cd bench/peers && $(GO) test -count=1 . && $(GO) run . $(PEERS_FLAGS)

# -fuzz takes one package and one target per run: internal/fuzzrun runs each
# target alone and fails only for a real finding (see its doc comment).
fuzz:
	$(GO) run ./internal/fuzzrun -budget $(FUZZTIME)

demo:
	$(GO) run ./cmd/sclogs demo

# An independent check of the fake: Stoplight Prism (npm, pinned in
# internal/conformance/package-lock.json) validates every request generated
# from the spec and every answer of serve-fake. Needs node and npm (Debian:
# apt-get install nodejs npm). Not part of ci: it downloads from npm.
conformance:
	npm ci --prefix internal/conformance --no-audit --no-fund
	$(GO) run ./internal/conformance

# Fuzzing runs before the tests: internal/fuzzrun's test then finds the
# packages of a fuzz build compiled.
#
# The tests skip go test's own vet pass: lint has just run go vet, whose
# checks include those, on the same packages and their tests.
ci: TESTFLAGS = -vet=off
ci: FUZZTIME = 20000x
ci: check-generated lint fuzz test
