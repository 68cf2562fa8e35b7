# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test demo lint format package bench clean assets browser messages

# (Re)create the venv when it is missing or pyproject.toml changed.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# DATA=dir keeps the table, the clock and the keys there across restarts (docs/pilot.md).
run: $(STAMP) assets
	$(VENV)/bin/kinerja serve $(if $(DATA),--data $(DATA))

demo: $(STAMP)
	$(VENV)/bin/kinerja demo

test: $(STAMP) lint assets
	$(PY) -m pytest

# The console's CSS, Chart.js and Swagger UI, copied from npm packages (never a CDN).
assets: $(STAMP)
	KINERJA_PYTHON=$(PY) bash infra/assets.sh

# The console's texts into its catalogue: extract them, then update the English translation
# (fill in the new msgstr in functions/console/translations/en/LC_MESSAGES/messages.po).
messages: $(STAMP)
	$(PY) -m babel.messages.frontend extract -F functions/console/babel.cfg -k lazy_gettext \
		--project kinerja --no-location --sort-output -o functions/console/translations/messages.pot .
	$(PY) -m babel.messages.frontend update -i functions/console/translations/messages.pot \
		-d functions/console/translations --no-fuzzy-matching

# Debian's Chromium for the browser test (tests/browser; it skips without it). CI runs this.
browser:
	bash infra/browser.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Build the deployable offline (osls) and check it: asl-validator and cfn-lint.
package: $(STAMP)
	bash infra/package.sh

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .serverless .pytest_cache .mypy_cache functions/console/static/vendor
