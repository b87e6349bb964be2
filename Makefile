# Two commands do everything on a fresh machine with Python 3.11:
#   make demo   - set up, then run leder-assist on every bundled sample case (output in out/)
#   make test   - set up, then run the whole test suite
# The virtual environment (.venv) is created and filled on first use, from the pinned
# versions in constraints.txt, and refreshed when pyproject.toml or constraints.txt change.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CASES  := $(sort $(wildcard samples/cases/*/))

.PHONY: demo test bench bench-web samples setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "leder-assist needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

demo: $(STAMP)
	@mkdir -p out
	@status=0; for case in $(CASES); do \
	  name=$$(basename $$case); \
	  $(BIN)/leder-assist review $$case --out out/$$name || status=$$?; \
	done; \
	echo "Reviews are in out/<case>/: review.json, redacted/, review-pack.docx and review-pack.html"; exit $$status

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/parse_speed.py
	$(BIN)/python benchmarks/redact_speed.py
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/review_speed.py

bench-web: $(STAMP)
	$(BIN)/python benchmarks/web_load.py

samples: $(STAMP)
	$(BIN)/python samples/build.py

clean:
	rm -rf $(VENV) out .pytest_cache
