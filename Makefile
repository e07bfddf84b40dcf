# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench demo template clean-venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: install, load the demo office into an empty database, start the app on localhost
run: $(VENV)/.installed
	$(PY) cli.py demo
	@echo "Mở trình duyệt: http://localhost:$(PORT)"
	$(PY) -m streamlit run server.py --server.address localhost --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## test: install what tests need, check the code style, run every test
test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## bench: speed and memory figures (not part of the tests)
bench: $(VENV)/.installed-dev
	$(PY) benchmarks/ingest.py
	$(PY) benchmarks/hostile.py
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/export.py
	$(PY) benchmarks/linking.py
	$(PY) benchmarks/year.py
	$(PY) benchmarks/quality.py
	$(PY) benchmarks/load.py
	$(PY) benchmarks/national.py

demo: $(VENV)/.installed
	$(PY) cli.py demo

template: $(VENV)/.installed
	$(PY) cli.py template mau-bao-cao-cchc.xlsx

clean-venv:
	rm -rf $(VENV)
