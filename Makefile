# sclogs: every target needs only Go (and git for check-generated); tools are
# run at pinned versions with `go run`, so nothing has to be installed first.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# ci regenerates gen/ and then compiles it: never run targets side by side.
.NOTPARALLEL:

GO ?= go
STATICCHECK_VERSION := v0.8.2
# How long each fuzz target runs in `make fuzz`.
FUZZTIME ?= 5s

# The race detector needs cgo (a C compiler) on Linux. On a machine with only
# Go, cgo is off: run the tests without it, and say so.
RACE := $(if $(filter 1,$(shell $(GO) env CGO_ENABLED)),-race,)

.PHONY: help generate check-generated test lint cover bench fuzz demo ci

help:
	@echo "make generate         regenerate gen/ from api/openapi.yaml + api/overlay.yaml"
	@echo "make check-generated  regenerate and fail if gen/ changes"
	@echo "make test             go test -race ./..."
	@echo "make lint             gofmt, go vet, staticcheck $(STATICCHECK_VERSION)"
	@echo "make cover            tests with coverage (coverage.out)"
	@echo "make bench            benchmarks"
	@echo "make bench-peers      sclogs against ogen, oapi-codegen and bare loops (bench/peers)"
	@echo "make fuzz             every fuzz target for FUZZTIME (default 5s) each"
	@echo "make demo             the CLI against its built-in fake server"
	@echo "make ci               check-generated + lint + test + short fuzz"

generate:
	$(GO) generate ./...

check-generated: generate
	@if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		echo "check-generated: not a git checkout; cannot compare gen/" >&2; exit 1; fi
	@if ! git diff --exit-code -- gen/; then \
		echo "check-generated: gen/ differs from what 'go generate ./...' makes (diff above)." >&2; \
		echo "Never edit gen/ by hand; change api/overlay.yaml or oapi-codegen.yaml, run 'make generate' and commit gen/." >&2; \
		exit 1; fi
	@untracked=$$(git ls-files --others --exclude-standard -- gen/); \
	if [ -n "$$untracked" ]; then \
		echo "check-generated: gen/ has files that are not committed (generated, or stray):" >&2; \
		echo "$$untracked" >&2; exit 1; fi
	@echo "check-generated: gen/ is up to date"

test:
	@if [ -z "$(RACE)" ]; then echo "test: cgo is off (no C compiler?), running without -race" >&2; fi
	$(GO) test $(RACE) ./...

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
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./... | tee bench.txt
	@echo
	$(GO) run ./internal/bench/table < bench.txt

# sclogs against its peer clients over the same replayed pages; bench/peers
# is its own module, so ogen stays out of sclogs' go.mod. PEERS_FLAGS, e.g.
# -rounds 9 -cpu 2, go to the program.
.PHONY: bench-peers
bench-peers:
	cd bench/peers && $(GO) test -count=1 . && $(GO) run . $(PEERS_FLAGS)

# -fuzz takes one package and one target, so list the targets per package
# (go test -list prints the names, then "ok <package>") and run each alone.
fuzz:
	@targets=$$($(GO) test -list '^Fuzz' ./... | \
		awk '/^Fuzz/ { names[n++] = $$1; next } /^ok/ { for (i = 0; i < n; i++) print $$2, names[i]; n = 0 }'); \
	if [ -z "$$targets" ]; then echo "fuzz: no fuzz targets"; exit 0; fi; \
	while read -r pkg name; do \
		echo "fuzz: $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${name}$$" -fuzztime=$(FUZZTIME) "$$pkg" </dev/null; \
	done <<< "$$targets"

demo:
	$(GO) run ./cmd/sclogs demo

ci: FUZZTIME = 3s
ci: check-generated lint test fuzz
