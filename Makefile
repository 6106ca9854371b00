# The two commands of the README: `make run` and `make test`. Both set up everything first.
# The venv lives in .venv; pip's wheel cache keeps rebuilds of llama-cpp-python off later installs,
# and assembled model files are cached in ~/.cache/vn-foreign-affairs-assistant.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup

run: setup
	$(BIN)/assistant serve

test: setup
	$(BIN)/python -m pytest

setup: $(VENV)/.installed
	$(BIN)/assistant setup

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch on local disk; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	# llama-cpp-python compiles llama.cpp when no wheel is cached: use every core.
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/pip install --quiet -e '.[test]'
	touch $@
