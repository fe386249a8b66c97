# carbonwh: `make demo` runs the main job end to end, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2

# Everything the demo makes lives under demo/ (synthetic data, its runs, warehouse and
# report), apart from real work in Results/, data/ and warehouse/; `make demo-reset` removes it.
DEMO_DIR     ?= demo
DEMO_RESULTS ?= $(DEMO_DIR)/Results
DEMO_DATA    ?= $(DEMO_DIR)/data
DEMO_DB      ?= $(DEMO_DIR)/carbon.duckdb
DEMO_REPORT  ?= $(DEMO_DIR)/report

.PHONY: venv demo demo-reset test lint format check system-deps bench clean spark-up spark-down

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[train,dev,spark]'
	touch $(STAMP)

# Synthetic data (no real data on a fresh machine) -> quick tracked training -> refresh.
# Every demo run is synthetic, so its marts include synthetic runs (marked in the report).
demo: $(STAMP)
	$(BIN)/carbonwh data synth --country DE --season summer --out $(DEMO_DATA)
	$(BIN)/carbonwh data synth --country DK --season summer --out $(DEMO_DATA)
	$(BIN)/carbonwh train-matrix --models DLinear_Model,Transformer_Model --countries DE,DK \
		--seasons summer --runs 2 --quick --skip-existing \
		--data-dir $(DEMO_DATA) --results-dir $(DEMO_RESULTS)
	$(BIN)/carbonwh refresh --results-dir $(DEMO_RESULTS) --db $(DEMO_DB) --out $(DEMO_REPORT) \
		--vars '{include_synthetic: true}'
	@echo "demo (synthetic data) in $(DEMO_DIR)/: report $(DEMO_REPORT)/index.html," \
		"warehouse $(DEMO_DB); \`make demo-reset\` removes it"

# Remove everything `make demo` made (only under $(DEMO_DIR)/; real Results/ are untouched).
demo-reset:
	rm -rf $(DEMO_DIR)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && ../$(BIN)/sqlfluff lint . --disable-progress-bar

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

check: test

# Debian packages the tests need: a headless browser and its driver, LaTeX, a JRE for
# Spark 4 (Java 17). Needs root.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium chromium-driver \
		texlive-latex-base texlive-latex-recommended texlive-latex-extra lmodern \
		openjdk-17-jre-headless

# A Spark standalone cluster on loopback (master + 2 workers) for `--target spark`;
# state under warehouse/spark/ (git-ignored). The Spark parity test starts it itself.
spark-up: $(STAMP)
	PYTHON=$(BIN)/python deploy/spark-cluster.sh up

spark-down:
	deploy/spark-cluster.sh down

bench: $(STAMP)
	$(BIN)/carbonwh bench

# Generated files; the demo's own outputs are removed by `make demo-reset`.
clean:
	rm -rf bench_out reports/out dbt_project/target dbt_project/logs
