## ssmsim Makefile. `make help` lists the targets.
GO ?= go
FUZZTIME ?= 10s

.PHONY: help run test race soak bench lint fuzz update build

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: ## run the built-in default scenario and print its summary
	$(GO) run ./cmd/ssmsim run

test: ## run every test (unit, golden, property, SDK conformance)
	$(GO) test -count=1 ./...

race: ## run the tests under the race detector
	$(GO) test -race -count=1 ./...

soak: ## robustness: serve killed -9 at 100 points and restarted from --state, the server under -race
	$(GO) test -count=1 -run TestServe_State_KillAnywhere ./cmd/ssmsim -kills 100 -v
	$(GO) test -race -count=1 ./sim/server

bench: ## run the Go benchmarks with their domain metrics
	$(GO) test -p 1 -run '^$$' -bench . -benchmem ./... # one package at a time: concurrent benchmarks skew each other

lint: ## gofmt check and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fuzz: ## run each fuzz target for FUZZTIME
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

update: ## regenerate golden files (review the diff before committing)
	$(GO) test -count=1 $$(grep -rl --include='*_test.go' 'flag.Bool("update"' . | xargs -n1 dirname | sort -u) -update

build: ## build the ssmsim binary into ./bin
	$(GO) build -o bin/ssmsim ./cmd/ssmsim
