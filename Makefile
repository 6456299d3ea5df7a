# Outage Archive — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 5000

.PHONY: demo test install lint typecheck bench browser-deps redis-deps clean

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

# Debian's redis-server: the distributed-crawl tests start their own instance on a free port.
redis-deps:
	@if command -v redis-server >/dev/null 2>&1; then echo "redis-server present"; \
	elif [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null && echo "redis-server installed"; \
	else echo "redis-server missing and not root: distributed crawl tests will be skipped (they fail under .ci/run)"; fi

lint: $(STAMP)
	$(BIN)/ruff check crawler extract archive webapp tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The archive suite also runs against a throwaway PostgreSQL on 127.0.0.1 (.ci/postgres.sh),
# started here and stopped afterwards whatever the result.
test: $(STAMP) browser-deps redis-deps
	$(BIN)/ruff check crawler extract archive webapp tests bench
	$(BIN)/mypy
	@PG_URL=$$(bash .ci/postgres.sh start || true); \
	if [ -z "$$PG_URL" ]; then echo "PostgreSQL unavailable: its half of the archive suite is skipped"; fi; \
	OUTAGES_TEST_PG_URL="$$PG_URL" $(BIN)/python -m pytest -q -ra; status=$$?; \
	bash .ci/postgres.sh stop; exit $$status

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf var build *.egg-info .pytest_cache
