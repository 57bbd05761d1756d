# Liuhen — every set-up step lives here, so a fresh machine needs only
# Python >= 3.11, git and make:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in two processes, one per core of the project's machines,
# each with its own test database; PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= 2

.PHONY: install run serve test test-postgres lint format messages wagtail-strings compilemessages check clean manual-screenshots

$(STAMP):
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q gettext; else sudo apt-get install -y -q gettext; fi; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

compilemessages: install
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=var -v 0

run: install compilemessages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) setup_portal
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# pytest's "no tests collected" (exit 5) passes locally, e.g. for a -k that
# matches nothing, but fails in CI (CI=true), where it means a broken suite.
test: install compilemessages
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; \
			if [ "$${CI:-}" = true ]; then exit 5; fi; exit 0; fi; exit $$rc

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(MANAGE) makemigrations --check --dry-run -v 0

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml templates

# Refresh the catalogues (the server's, django, and the admin scripts',
# djangojs) after changing user-facing strings, then translate the new entries
# in locale/zh_Hans and locale/zh_Hant.
messages: install
	$(MANAGE) makemessages -l zh_Hans -l zh_Hant --no-location --no-obsolete --ignore=$(VENV) --ignore=var --ignore=tests --ignore=bench
	$(MANAGE) makemessages -d djangojs -l zh_Hans -l zh_Hant --no-location --no-obsolete --ignore=$(VENV) --ignore=var --ignore=tests --ignore=bench

# After upgrading Wagtail: list the strings it ships without a Chinese
# translation (portal/wagtail_strings.py and .js), then `make messages`.
wagtail-strings: install
	$(BIN)/python .ci/wagtail_strings.py

# The user manual's screenshots (home/manual/images/), taken by the browser
# tests listed in tests/browser/conftest.py (MANUAL_SHOTS, MANUAL_SHOT_TESTS).
manual-screenshots: install compilemessages
	LIUHEN_MANUAL_SHOTS=1 REQUIRE_BROWSER=1 $(BIN)/python -m pytest -p no:cacheprovider -n 0 -q \
		$$($(BIN)/python -c "from tests.browser.conftest import MANUAL_SHOT_TESTS; print(*MANUAL_SHOT_TESTS)")
	@du -ch home/manual/images/*.png | tail -1

check: lint test

clean:
	rm -rf $(VENV) var .pytest_cache
