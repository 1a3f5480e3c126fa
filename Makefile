# Nastavnik: `make run` serves the demo, `make test` runs the whole suite.
# DATABASE_URL=postgres://… switches both to PostgreSQL; PORT= changes the port.

PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: run test setup lint typecheck migrations-check pytest lock messages worker clean chromium bench

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON_BIN) >/dev/null || (echo "Python 3.11 ($(PYTHON_BIN)) is required" && exit 1)
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	@mkdir -p var

# Browser tests drive Debian's Chromium; install it when missing and we are allowed to.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests…"; \
			(apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
				|| echo "!!! could not install chromium: browser tests will be SKIPPED"; \
		else \
			echo "!!! $(CHROMIUM) is missing and cannot be installed here: browser tests will be SKIPPED"; \
		fi; \
	fi

run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py setup_schedules
	@$(PY) manage.py demo_logins
	@echo "Nastavnik: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/docs/)"
	@trap 'kill 0' INT TERM EXIT; \
		$(PY) manage.py qcluster & \
		$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

worker: setup
	$(PY) manage.py qcluster

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy nastavnik

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

pytest: setup chromium
	$(VENV)/bin/pytest

test: lint typecheck migrations-check pytest

# The duplicate check at a million clients (docs/PERFORMANCE.md); not part of `make test`.
# BENCH_ARGS="--database postgres --companies 20000" changes the run.
BENCH_ARGS ?=
bench: setup
	@mkdir -p var/bench
	$(PY) bench/dedupe.py $(BENCH_ARGS) | tee var/bench/dedupe.json

# Regenerate the lock file from requirements.in in a throw-away environment.
lock:
	rm -rf var/lock-venv && $(PYTHON_BIN) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet -r requirements.in
	(echo "# Pinned dependencies for Python 3.11 (make lock regenerates this file from requirements.in)."; \
		var/lock-venv/bin/pip freeze) > requirements.lock
	rm -rf var/lock-venv

messages: setup
	cd nastavnik && ../$(PY) ../manage.py makemessages -l ru -l en --no-location --ignore "node_modules/*"
	$(PY) manage.py compilemessages --ignore "$(VENV)/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) node_modules staticfiles var/nastavnik.sqlite3
