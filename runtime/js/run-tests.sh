#!/usr/bin/env bash
# Tests of the JavaScript port (runtime/js): featurizer vs model/test_vectors.jsonl, scores on onnxruntime-node and
# onnxruntime-web (wasm), and the ConversationMonitor vs Python. Installs from package-lock.json when node_modules is
# missing or older than the lock file. The model directory is GROOMGUARD_MODEL_DIR, else ../../model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: the JavaScript tests (runtime/js) need node >= 18 and npm, not found on PATH." \
    "The Python tests above ran; install Node.js to run these too (CI has it)."
  exit 0
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then
  echo "SKIPPED: the JavaScript tests (runtime/js) need node >= 18, found $(node --version)."
  exit 0
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  # onnxruntime-node ships its CPU binaries in the npm package; skip its optional downloads (CUDA) from outside npm.
  ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm ci --no-audit --no-fund
  touch node_modules
fi

exec node --test --test-reporter=spec test/*.test.js
