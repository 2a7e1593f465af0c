# Entry points. On a fresh machine with Python 3.11: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   ?= hide
JOBS   ?= 2
# notebooks run at once by `make report` (empty: the CPU cores + 1)
REPORT_JOBS ?=

.PHONY: install browser report test lab bench clean strip

install: $(STAMP)

# Idempotent: re-runs only when the dependency declarations change.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (cppcc)" >/dev/null
	@touch $(STAMP)

report: install
	CPPCC_MAKE_TARGET=report $(BIN)/python -m cppcc.report --out reports --code $(CODE) $(if $(REPORT_JOBS),--jobs $(REPORT_JOBS))

# The browser tests drive Debian's Chromium (never a downloaded browser): installed once when missing.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: install browser
	$(BIN)/python -m ruff check lib tests benchmarks tools
	@$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

# JupyterLab is an optional extra, installed on first use; root (containers) needs --allow-root
lab: install $(VENV)/.lab-installed
	$(BIN)/python -m jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

$(VENV)/.lab-installed: $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,lab]'
	@touch $@

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

strip: install
	$(BIN)/python -m cppcc.report --strip notebooks

clean:
	rm -rf reports .cache .pytest_cache
