# The two commands the README opens with: `make run` and `make test`. Both create .venv/ in the repo first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := resources/samples/sample_contract.pdf
FILE ?= $(SAMPLE)
# On a development machine the embedding model sits in ../shared; a user's machine uses Chroma's cache or a folder
# named in the settings (and falls back to lexical search, saying so, when there is none).
SHARED_MODEL := $(wildcard ../shared/models/all-MiniLM-L6-v2/onnx/model.onnx)
ifneq ($(SHARED_MODEL),)
export CONTRACT_APP_MODEL_DIR ?= $(abspath $(dir $(SHARED_MODEL)))
endif

.PHONY: setup run demo test wheel-test bundle bundle-test desktop-startup lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

BUNDLE_TOOLS := $(VENV)/.bundle-tools
$(BUNDLE_TOOLS): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bundle]'
	touch $(BUNDLE_TOOLS)

# Opens the window on the sample (or FILE=...); with no display it runs the headless demo instead.
run: setup
	@bash packaging/check_qt_libs.sh
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/contract-app gui "$(FILE)"; else $(MAKE) --no-print-directory demo FILE="$(FILE)"; fi

demo: setup
	$(BIN)/contract-app outline "$(FILE)"
	$(BIN)/contract-app ask "$(FILE)" "What law governs this agreement?"
	$(BIN)/contract-app report "$(FILE)" --format md -o contract-report.md
	@echo "Clause report written to contract-report.md"

test: setup
	bash packaging/check_qt_libs.sh --install-if-root
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

# The wheel, installed into a fresh virtual environment outside the repository, writes the sample's clause report.
wheel-test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -s -m packaging tests/packaging/test_wheel.py

# The desktop bundle (PyInstaller) in dist/contract-app/, with the embedding model inside.
bundle: $(BUNDLE_TOOLS)
	$(BIN)/python packaging/build_bundle.py

# The bundle, copied elsewhere and run with a clean environment under Xvfb: window, outline, answer, report.
bundle-test: bundle
	$(BIN)/pytest -q -s -m packaging tests/packaging/test_bundle.py

# Window start-up (window visible) and size: the bundle beside the source install, measured in one run.
desktop-startup: bundle
	$(BIN)/python benchmarks/desktop_startup.py

lint: setup
	$(BIN)/ruff check contract_app tests benchmarks
	$(BIN)/ruff format --check contract_app tests benchmarks

bench: setup
	$(BIN)/python benchmarks/structure.py
	$(BIN)/python benchmarks/retrieval.py
	$(BIN)/python benchmarks/clauses.py

clean:
	rm -rf $(VENV) build dist *.egg-info
