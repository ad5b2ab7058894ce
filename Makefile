# groomguard: every command a user or CI needs. `make run` and `make test` set themselves up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# make run: the runtime alone (pip install ., numpy + onnxruntime + tqdm), in a venv of its own; make test: dev.
RUN_VENV := .venv-run
RUN_STAMP := $(RUN_VENV)/.installed-stamp
RUN_SOURCES := $(shell find src runtime model -type f \( -name '*.py' -o -name '*.onnx' -o -name '*.json' -o -name '*.md' \) -not -path '*/js/*' 2>/dev/null)
DATA_DIR ?= build/data
TRAIN_DIR ?= build/train
SEED ?= 13
# Sources to train on, e.g. DATA="synthetic pan12:/path/to/pan12 jsonl:/path/file.jsonl"
DATA ?= synthetic
EVAL_OUT ?= eval/results
PAN12 ?=
# Labelled real-chat JSONL files for the real suite, e.g. REAL="mine.jsonl theirs.jsonl" (see README, Evaluation)
REAL ?=
REAL_PRESET ?= balanced

LEXICON_CSV ?= ../shared/lexicons/profanity_en.csv
REALCHECK ?= ../shared/realcheck/score
MODEL_VERSION = $$($(BIN)/python -c "import json; print(json.load(open('model/manifest.json'))['model_version'])")

.PHONY: setup run test test-privacy lint format data train train-conversation export reproduce eval ablate bench bench-spark clean lexicon realcheck

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

$(RUN_STAMP): pyproject.toml $(RUN_SOURCES)
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check .
	@touch $(RUN_STAMP)

run: $(RUN_STAMP)
	$(RUN_VENV)/bin/groomguard score examples/ --output-format table

test: $(STAMP)
	$(BIN)/python -m pytest -q
	bash runtime/js/run-tests.sh

# The long privacy check (about a minute): a Python and a JavaScript scoring process, each watched for 45 s with
# strace (else an audit hook), must open no AF_INET/AF_INET6 socket and write nothing under ~/.cache/Microsoft.
# Its own CI step; the JavaScript half needs runtime/js/node_modules, which make test installs.
test-privacy: $(STAMP)
	$(BIN)/python -m pytest -q -m network_audit tests/privacy

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lexicon's exact hashes (training/lexicons/profanity_en.json) from the licensed CSV.
lexicon: $(STAMP)
	$(BIN)/python -m groomguard.training.lexicon --csv $(LEXICON_CSV)

# The team's real-chat check on the shipped model: figures to eval/results/<version>/realcheck.json and the README.
realcheck: $(STAMP)
	mkdir -p eval/results/$(MODEL_VERSION)
	$(REALCHECK) --model model --json eval/results/$(MODEL_VERSION)/realcheck.json
	$(BIN)/python -m groomguard.eval.publish_real --json eval/results/$(MODEL_VERSION)/realcheck.json \
		--readme README.md --model-version $(MODEL_VERSION)
	$(BIN)/python -m groomguard.training.card --model model --metrics eval/results/$(MODEL_VERSION)/metrics.json

data: $(STAMP)
	$(BIN)/python -m groomguard.training.synth build --out $(DATA_DIR) --seed $(SEED) --card training/DATA_CARD.md

train: $(STAMP)
	$(BIN)/python -m groomguard.training.fit --data $(DATA_DIR) --sources "$(DATA)" --out $(TRAIN_DIR) --seed $(SEED)

# Refit only the conversation head and its thresholds of the model in $(TRAIN_DIR) (message and window heads kept).
# It reads the message scores that make train (or the last refit) saved there, when the message side is unchanged:
# about eight minutes on a 2-core machine instead of twenty-five (training/refit_inputs.py).
train-conversation: $(STAMP) $(DATA_DIR)/corpus.jsonl
	$(BIN)/python -m groomguard.training.fit --data $(DATA_DIR) --out $(TRAIN_DIR) --conversation-only

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

# With REAL=FILE...: only the real-chat suite on those files (no corpus build, README and model card untouched).
ifneq ($(strip $(REAL)),)
eval: $(STAMP)
	$(BIN)/python -m groomguard.eval.real $(REAL) --model model --preset $(REAL_PRESET) --out $(EVAL_OUT)
else
eval: $(STAMP) $(DATA_DIR)/corpus.jsonl
	$(BIN)/python -m groomguard.eval --model model --data $(DATA_DIR) --out $(EVAL_OUT) $(if $(PAN12),--pan12 $(PAN12),)
	$(BIN)/python -m groomguard.eval.publish --readme README.md --model model \
		--metrics $(EVAL_OUT)/$$($(BIN)/python -c "import json; print(json.load(open('model/manifest.json'))['model_version'])")/metrics.json
endif

# What each part of the shipped model contributes: each switched off in a copy (its weights zeroed, thresholds kept),
# measured by the eval's corpus suites, and the real-chat suite with REAL="FILE ...": build/ablate/ABLATIONS.md.
ablate: $(STAMP) $(DATA_DIR)/corpus.jsonl
	$(BIN)/python -m groomguard.eval.ablate --model model --data $(DATA_DIR) --out build/ablate \
		$(if $(strip $(REAL)),--real $(REAL),)

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
