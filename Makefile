# So Safe developer commands. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
export SOSAFE_ENV ?= development

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F ':.*?## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

.stamp-install: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

.PHONY: install
install: .stamp-install ## Create the virtual environment and install everything (with test extras)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: assets
assets: node_modules/.package-lock.json ## Build the branded CSS and JS into app/static/dist
	npm run --silent build

# What `make run` leaves behind for the flask command: in this checkout, `.venv/bin/flask
# --app wsgi ...` (and plain `.venv/bin/flask ...`) run in development mode, with the
# development secret key in instance/. Production sets SOSAFE_ENV and SECRET_KEY itself.
.flaskenv:
	printf 'FLASK_APP=wsgi\nSOSAFE_ENV=development\n' > $@

.PHONY: db
db: install .flaskenv ## Apply migrations to the database (SQLite in instance/ unless DATABASE_URL is set)
	$(FLASK) db upgrade

.PHONY: seed
seed: db ## Load content/ into the database (safe to repeat)
	$(FLASK) seed

.PHONY: run
run: install assets seed ## Set up everything and serve http://127.0.0.1:5000
	$(FLASK) run --host 127.0.0.1 --port 5000

# --- everyday administration (development checkout; in production run the same flask commands)

.PHONY: teams
teams: .flaskenv ## List the teams (slug, name): the slugs `make staff` takes
	$(FLASK) teams list

.PHONY: staff
staff: .flaskenv ## Make a staff account: make staff EMAIL=... TEAM=slug ROLE=officer|comms|admin (asks for the password)
	@test -n "$(EMAIL)" -a -n "$(TEAM)" -a -n "$(ROLE)" || { echo "usage: make staff EMAIL=you@example.org TEAM=sbc-asb ROLE=officer"; exit 2; }
	$(FLASK) staff create "$(EMAIL)" --team "$(TEAM)" --role "$(ROLE)"

.PHONY: staff-list
staff-list: .flaskenv ## List the staff accounts
	$(FLASK) staff list

.PHONY: outbox
outbox: .flaskenv ## Send the email that is due, then show what is pending, sent and failed
	$(FLASK) outbox send || true
	$(FLASK) outbox status

.PHONY: purge
purge: .flaskenv ## Delete idle drafts and reports past their retention (what the daily timer runs)
	$(FLASK) retention purge

.PHONY: pages
pages: .flaskenv ## One line a page: slug, status and the times it is shown
	$(FLASK) content status

.PHONY: lint
lint: install ## ruff
	$(BIN)/ruff check .

.PHONY: format
format: install ## ruff format and import sorting
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format app tests benchmarks

.PHONY: test
test: install assets ## Lint, then the whole test suite (browser tests need /usr/bin/chromium)
	$(BIN)/ruff check .
	SOSAFE_ENV=testing $(BIN)/pytest $(PYTEST_ARGS)

.PHONY: clean
clean: ## Remove the virtual environment, node_modules and built assets
	rm -rf $(VENV) node_modules app/static/dist .stamp-install .flaskenv
