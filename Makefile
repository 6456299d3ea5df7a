# Outage Archive — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 5000

.PHONY: demo test install lint typecheck bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/outages demo --port $(PORT)

# Debian packages the browser tests need (chromium driven by playwright, never downloaded by it).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then echo "chromium present"; \
	elif [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && echo "chromium installed"; \
	else echo "chromium missing and not root: browser tests will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check crawler extract archive webapp tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) browser-deps
	$(BIN)/ruff check crawler extract archive webapp tests bench
	$(BIN)/python -m pytest -q -ra

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf var build *.egg-info .pytest_cache
