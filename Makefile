# groomguard: every command a user or CI needs. `make run` and `make test` set themselves up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA_DIR ?= build/data
TRAIN_DIR ?= build/train
SEED ?= 13
# Sources to train on, e.g. DATA="synthetic pan12:/path/to/pan12 jsonl:/path/file.jsonl"
DATA ?= synthetic
EVAL_OUT ?= eval/results
PAN12 ?=

.PHONY: setup run test lint format data train export reproduce eval bench bench-spark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/groomguard score examples/ --output-format table

test: $(STAMP)
	$(BIN)/python -m pytest -q
	bash runtime/js/run-tests.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

data: $(STAMP)
	$(BIN)/python -m groomguard.training.synth build --out $(DATA_DIR) --seed $(SEED) --card training/DATA_CARD.md

train: $(STAMP)
	$(BIN)/python -m groomguard.training.fit --data $(DATA_DIR) --sources "$(DATA)" --out $(TRAIN_DIR) --seed $(SEED)

export: $(STAMP)
	$(BIN)/python -m groomguard.training.export --train-dir $(TRAIN_DIR) --out model
	$(BIN)/python runtime/js/tools/gen_fixtures.py --model model

# Rebuild the shipped model from scratch into build/model and check its scores against model/ (within 1e-4).
reproduce: $(STAMP)
	$(MAKE) data train
	$(BIN)/python -m groomguard.training.export --train-dir $(TRAIN_DIR) --out build/model --data $(DATA_DIR)
	$(BIN)/python -m groomguard.training.compare --shipped model --rebuilt build/model

$(DATA_DIR)/corpus.jsonl: | $(STAMP)
	$(MAKE) data

eval: $(STAMP) $(DATA_DIR)/corpus.jsonl
	$(BIN)/python -m groomguard.eval --model model --data $(DATA_DIR) --out $(EVAL_OUT) $(if $(PAN12),--pan12 $(PAN12),)
	$(BIN)/python -m groomguard.eval.publish --readme README.md --model model \
		--metrics $(EVAL_OUT)/$$($(BIN)/python -c "import json; print(json.load(open('model/manifest.json'))['model_version'])")/metrics.json

bench: $(STAMP)
	$(BIN)/python -m groomguard.eval.bench --model model --out $(EVAL_OUT)/bench.json
	$(BIN)/python -m groomguard.eval.publish_bench --bench $(EVAL_OUT)/bench.json --readme README.md
	@if command -v node >/dev/null && [ -d runtime/js/node_modules ]; then \
		cd runtime/js && node bench.js > ../../$(EVAL_OUT)/bench-js.json && echo "wrote $(EVAL_OUT)/bench-js.json"; \
	else echo "skipping the JavaScript bench: node or runtime/js/node_modules missing (make test installs it)"; fi

# groomguard.spark on local[1] and local[2] against the CLI (2M messages; needs Java 17+), then the README section.
bench-spark: $(STAMP)
	$(BIN)/python -m groomguard.eval.bench_spark --model model --out $(EVAL_OUT)/bench-spark.json
	$(BIN)/python -m groomguard.eval.publish_bench_spark --bench $(EVAL_OUT)/bench-spark.json --readme README.md

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
