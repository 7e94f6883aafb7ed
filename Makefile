# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit forms bench bytecode package system-deps-runtime system-deps-test clean

$(STAMP): pyproject.toml
	@echo "make: creating the virtual environment in $(VENV)…"
	$(PYTHON) -m venv $(VENV)
	@echo "make: installing the app and its test tools with pip (a minute or two the first time)…"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

## Compile posapp's bytecode as an installed app has it (a wheel compiles at install): a start that
## compiles its modules itself (PYTHONDONTWRITEBYTECODE=1, or a read-only install) pays for it every time.
## Cheap when nothing changed: only modules newer than their bytecode are compiled again.
bytecode:
	$(BIN)/python -m compileall -q posapp

system-deps-runtime:
	bash packaging/system-deps.sh runtime

system-deps-test:
	bash packaging/system-deps.sh test

## Open the checkout on the demo site (its own database, demo staff and history).
run: system-deps-runtime $(STAMP) bytecode
	$(BIN)/posapp --demo

## Lint, type-check and run the whole suite headless (installs whatever is missing first).
## pytest exits 5 when it collected no tests: that is not a failure of the product.
test: system-deps-test $(STAMP) lint
	@echo "make: running the whole test suite headless (a few minutes)…"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest || [ $$? -eq 5 ]

lint: $(STAMP)
	@echo "make: lint and type checks…"
	$(BIN)/ruff check posapp tests bench tools
	$(BIN)/ruff format --check posapp tests bench tools
	$(BIN)/mypy

## Recompile the Qt Designer forms in ui/ into posapp/gui/forms/.
forms: $(STAMP)
	$(BIN)/python tools/forms_build.py

## Benchmarks against the floor measured in the same run; writes docs/benchmarks.md.
bench: system-deps-test $(STAMP) bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

package: system-deps-test $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
