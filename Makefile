# Every target that needs Python sets up .venv from the project's own files first, so each works
# alone on a fresh machine. `make` with no target lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# openapi-core pins an older openapi-spec-validator than the kit: it gets an environment of its own.
OPENAPI_CORE := $(VENV)/openapi-core
HOST ?= 127.0.0.1
PORT ?= 8080
CONTRACT_TOOLS_NODE := contract-tools/node_modules/.installed
TYPESCRIPT_NODE := typescript/node_modules/.installed
BROWSER_NODE := tests/browser/node/node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help mock test test-tools debian-tools bytecode contract contract-diff proxy payloads types bench lint fmt contract-lint contract-style contract-export other-tools clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

RUNTIME := $(VENV)/.runtime
UV := $(BIN)/uv
UV_STAMP := $(VENV)/.uv
# uv installs every environment: the same versions pip would take from constraints.txt, in
# seconds rather than a minute (docs/decisions.md, K25). pip, which every venv has, brings uv.
# Bytecode is compiled at install, as pip does: else each test worker compiles it again.
INSTALL := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt

$(UV_STAMP): constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt uv
	@touch $@

# What serving needs and nothing more (make mock); the development tools come with $(STAMP).
$(RUNTIME): pyproject.toml constraints.txt $(UV_STAMP)
	@echo "Installing what the mock needs into $(VENV) (once)..."
	@$(INSTALL) -e .
	@touch $(RUNTIME)

$(STAMP): pyproject.toml constraints.txt $(UV_STAMP)
	$(INSTALL) -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

# Where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE, as on the machine this kit
# is built on), every process would compile the kit's modules again: 0.25 s a start, and the
# tests start hundreds. compileall writes only what changed (0.25 s when nothing did); where
# Python writes its own bytecode there is nothing to do.
bytecode: $(RUNTIME)
	$(if $(PYTHONDONTWRITEBYTECODE),@$(BIN)/python -m compileall -q mockserver contract_tests bench)

mock: $(RUNTIME) bytecode ## Serve the stateful mock at http://$(HOST):$(PORT) (SEED=, SCENARIO=, STORE=, WORKERS=, MOCK_ARGS=)
	$(BIN)/leadping-mock --host $(HOST) --port $(PORT) $(if $(SEED),--seed $(SEED)) $(if $(SCENARIO),--scenario $(SCENARIO)) $(if $(STORE),--store $(STORE)) $(if $(WORKERS),--workers $(WORKERS)) $(MOCK_ARGS)

test: $(STAMP) ## Lint, then the whole test suite on three processes (JOBS=); installs Chromium, redis-server
	@# Side by side: Debian's and npm's downloads mostly wait on the network while mypy works.
	@# (Each target's output in one piece where make can: GNU make 4, not macOS's 3.81.)
	$(MAKE) --no-print-directory -j3 $(if $(filter output-sync,$(.FEATURES)),--output-sync=target) test-tools lint
	# Three workers on two cores: many tests wait on processes they started; work stealing keeps
	# one worker from ending alone with a queue of slow tests (costly fixtures: tests/built_once.py).
	$(BIN)/pytest -n $(or $(JOBS),3) --dist worksteal

# What the tests use beyond the venv. One target runs apt-get: two at once would fight over its lock.
test-tools: debian-tools other-tools $(BROWSER_NODE) bytecode

debian-tools:
	./scripts/ensure-apt chromium chromium "the browser tests"
	./scripts/ensure-apt redis-server redis-server "the Redis store tests"

# Each folder's Node packages are one target, so make installs a folder once however many targets
# (side by side under -j) need it.
$(CONTRACT_TOOLS_NODE): contract-tools/package-lock.json
	./scripts/ensure-npm contract-tools "Prism, Redocly and Spectral"

$(TYPESCRIPT_NODE): typescript/package-lock.json
	./scripts/ensure-npm typescript "make types and the TypeScript types' tests"

$(BROWSER_NODE): tests/browser/node/package-lock.json
	./scripts/ensure-npm tests/browser/node "the browser tests"

contract: $(STAMP) ## Check a deployment: make contract BASE_URL=https://... (default: the mock)
	$(BIN)/leadping-contract $(if $(BASE_URL),--base-url $(BASE_URL)) --report-dir $(or $(REPORT_DIR),reports/contract) $(CONTRACT_ARGS)

contract-diff: $(STAMP) ## Which contract changes break clients: make contract-diff BASE=main (DIFF_ARGS=)
	$(BIN)/leadping-contract diff $(or $(BASE),main):openapi.yaml openapi.yaml --allow-list contract-allow-list.yaml --markdown reports/contract-diff.md --junit reports/contract-diff.xml $(DIFF_ARGS)

proxy: $(STAMP) ## Check live traffic: make proxy UPSTREAM=https://staging... (PROXY_ARGS=--help)
	$(if $(UPSTREAM),,$(error set UPSTREAM, e.g. make proxy UPSTREAM=https://staging.example.com))
	$(BIN)/leadping-proxy --upstream $(UPSTREAM) $(PROXY_ARGS)

payloads: $(STAMP) ## Regenerate QA's edge-case catalogue in fixtures/payloads/ (SEED= to vary)
	$(BIN)/leadping-payloads generate $(if $(SEED),--seed $(SEED))

types: $(TYPESCRIPT_NODE) ## TypeScript types of the contract for a frontend (OUT=path/to/leadping-api.d.ts)
	node typescript/generate.mjs openapi.yaml $(or $(OUT),typescript/leadping-api.d.ts)

bench: $(STAMP) bytecode ## Benchmark the mock against bare Starlette and Prism (BENCH_ARGS=--help)
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP) $(OPENAPI_CORE)/.installed contract-lint contract-style ## ruff, strict mypy, import boundaries, contract lint and style
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	@# The openapi-core check runs in its own environment: typed against that one.
	$(BIN)/mypy --strict --cache-dir .mypy_cache/openapi-core \
	  --python-executable $(OPENAPI_CORE)/bin/python contract-tools/check_with_openapi_core.py

contract-lint: $(STAMP) ## Validate openapi.yaml through the kit's loader
	$(BIN)/python -m mockserver.contract.lint

CONTRACT_TOOLS := contract-tools/node_modules/.bin
# Redocly and Spectral pinned in contract-tools/package.json; their rulesets are redocly.yaml and
# .spectral.yaml (each rule turned off says why). Without npm: skipped here, an error in CI.
# Redocly's stderr holds only banners (a Node 20 notice) and a summary: its problems go to stdout.
contract-style: $(CONTRACT_TOOLS_NODE) ## Redocly CLI and Spectral on openapi.yaml, warnings included
	@test -x $(CONTRACT_TOOLS)/redocly || { echo "contract-style: skipped (no npm)"; test -z "$$CI"; exit; }; \
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(CONTRACT_TOOLS)/redocly lint --format=stylish openapi.yaml 2>/dev/null && \
	$(CONTRACT_TOOLS)/spectral lint --quiet --fail-severity=hint openapi.yaml && \
	echo "contract-style: Redocly and Spectral find nothing in openapi.yaml"

$(OPENAPI_CORE)/.installed: contract-tools/openapi-core.txt $(UV_STAMP)
	test -x $(OPENAPI_CORE)/bin/python || $(UV) venv --quiet --python $(PYTHON) $(OPENAPI_CORE)
	$(UV) pip install --quiet --python $(OPENAPI_CORE)/bin/python -r contract-tools/openapi-core.txt
	touch $@

other-tools: $(STAMP) $(OPENAPI_CORE)/.installed $(CONTRACT_TOOLS_NODE) $(TYPESCRIPT_NODE) ## Install the tools of README's "Using the contract with other tools"

contract-export: $(STAMP) ## A copy of openapi.yaml Prism validates fully: make contract-export FOR=prism OUT=prism.yaml
	$(BIN)/python -m mockserver.contract.export --for $(or $(FOR),prism) $(or $(OUT),reports/openapi.$(or $(FOR),prism).yaml)

fmt: $(STAMP) ## Format and auto-fix the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .bench .pytest_cache .mypy_cache .ruff_cache .hypothesis .schemathesis
