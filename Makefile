# The two commands of the README: `make run` and `make test`. Both set up everything first.
# The venv lives in .venv; assembled model files and the llama.cpp wheel are cached in
# ~/.cache/vn-foreign-affairs-assistant (ASSISTANT_CACHE_DIR), outside the repository.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE_DIR := $(or $(ASSISTANT_CACHE_DIR),$(HOME)/.cache/vn-foreign-affairs-assistant)

# llama.cpp is compiled here, once, with portable flags: llama.cpp's default (GGML_NATIVE) takes
# whatever the compiling CPU has, so a wheel built on one server crashes on another (AMX code on
# a Sapphire Rapids Xeon, SIGILL from AVX-512 code on an AVX2-only one). x86-64: AVX2 + FMA +
# F16C + BMI2 (x86-64-v3, every x86 server since 2013); aarch64: llama.cpp's generic armv8 build.
LLAMA_CPP_VERSION := $(shell sed -n 's/.*"llama-cpp-python\[server\]==\([0-9.]*\)".*/\1/p' pyproject.toml)
ARCH := $(shell uname -m)
ifeq ($(ARCH),x86_64)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
else
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF
endif
# pip's own cache keys wheels by version only; ours is keyed by version, CPU family and flags,
# so a wheel built with other flags is never installed.
LLAMA_BUILD_KEY := $(shell printf '%s|%s|%s' '$(LLAMA_CPP_VERSION)' '$(ARCH)' '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
WHEELHOUSE := $(CACHE_DIR)/wheels/llama-cpp-python-$(LLAMA_CPP_VERSION)-$(ARCH)-$(LLAMA_BUILD_KEY)

.PHONY: run test setup llama-wheel

run: setup
	$(BIN)/assistant serve

test: setup
	$(BIN)/python -m pytest

# `assistant setup` assembles the models and runs one token through llama.cpp in a child process.
setup: $(VENV)/.installed
	$(BIN)/assistant setup

llama-wheel: $(WHEELHOUSE)/.built

$(VENV)/bin/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(WHEELHOUSE)/.built: | $(VENV)/bin/pip
	@echo "Building llama-cpp-python $(LLAMA_CPP_VERSION) for $(ARCH) with portable flags: $(LLAMA_CMAKE_ARGS)"
	@echo "(long on 2 cores; log: $(WHEELHOUSE)/build.log)"
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
		$(BIN)/pip wheel --verbose --no-deps --no-cache-dir --no-binary llama-cpp-python \
		-w $(WHEELHOUSE) llama-cpp-python==$(LLAMA_CPP_VERSION) > $(WHEELHOUSE)/build.log 2>&1 \
		|| { tail -n 40 $(WHEELHOUSE)/build.log; exit 1; }
	@grep -E "Adding CPU backend variant" $(WHEELHOUSE)/build.log | sed 's/^ */  build log: /'
	@! grep -qE -- "-march=native|-mavx512|-mamx" $(WHEELHOUSE)/build.log \
		|| { echo "error: the llama.cpp build used non-portable CPU flags (see $(WHEELHOUSE)/build.log)"; exit 1; }
	touch $@

$(VENV)/.installed: pyproject.toml $(WHEELHOUSE)/.built
	# The CPU build of torch on local disk; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(WHEELHOUSE)/llama_cpp_python-*.whl
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@
