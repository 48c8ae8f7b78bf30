# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install install-dev migrate seed messages lint dev-services bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# The demo's links follow PORT (settings read it when PORTAL_BASE_URL is unset); beat's periodic
# tasks (reminders, outbox retries) run beside the server in one more process.
run: export PORT := $(PORT)
run: seed
	$(BIN)/python manage.py run_periodic & periodic=$$!; trap "kill $$periodic" EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

# Compile translations after editing a .po file (needs GNU gettext; the .mo files are committed).
messages: install-dev
	$(BIN)/python manage.py makemessages -l de --no-obsolete --no-location --ignore=.venv --ignore=var \
		--ignore=members --ignore=events --ignore=delegations --ignore=accessibility --ignore=reports --ignore=matchmaking --ignore=locale_allauth --ignore=bench
	for app in members events delegations accessibility reports matchmaking; do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l de --no-obsolete --no-location); done
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The production shape on this machine: web, Celery worker and beat on PostgreSQL and Redis.
# DATABASE_URL, CELERY_BROKER_URL and REDIS_URL must point at them (see README.md).
dev-services: install
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL, e.g. postgres://portal@127.0.0.1:5432/portal" && exit 1)
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0" && exit 1)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/celery -A network_portal worker --loglevel=info --concurrency=2 & \
	$(BIN)/celery -A network_portal beat --loglevel=info --schedule=var/celerybeat-schedule & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	kill %1 %2

# The benchmark (README "Benchmark"): the portal at network scale beside Django's own ceiling.
# BENCH_DATABASE_URL: a throwaway PostgreSQL database (emptied and filled; its name must contain
# "bench"); BENCH_REDIS_URL: a throwaway Redis database (default redis://127.0.0.1:6379/11).
# BENCH_ARGS goes to bench/run.py, e.g. BENCH_ARGS="--reuse-data --duration 5".
bench: install-dev
	@command -v wrk >/dev/null || (echo "wrk is missing: it is a Debian package (apt-get install wrk)." && exit 1)
	@test -n "$$BENCH_DATABASE_URL" || (echo "Set BENCH_DATABASE_URL to a throwaway database, e.g. postgres://postgres@127.0.0.1:5432/portal_bench" && exit 1)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
