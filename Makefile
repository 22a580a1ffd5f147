# Two commands on a fresh machine (Python 3.11 with pip and venv):
#   make report   run every notebook headless on the bundled samples -> reports/
#                 (REPORT_ARGS="--lang ru --pdf" for Russian reports and PDFs)
#   make test     run the whole test suite
# Both create .venv on first use.

PYTHON ?= python3
VENV   ?= .venv
# Extra arguments for JupyterLab, e.g. make lab LAB_ARGS=--allow-root
LAB_ARGS ?=
# Extra arguments for the reports, e.g. make report REPORT_ARGS="--lang ru --pdf"
REPORT_ARGS ?=
BIN    := $(VENV)/bin
# make report needs the package and its kernel only; make test adds the test extra
# (pytest, nbval, hypothesis, the browser, Spark, Ibis and the workshop's nbgrader)
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: report test lab venv clean bench screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/cxtools run --out reports $(REPORT_ARGS)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name cxtools --display-name "Python 3 (cxtools)"
	cd notebooks && ../$(BIN)/jupyter lab $(LAB_ARGS)

# The README's pictures: the first screen of a report and the index page, from reports/
screenshots: report
	$(BIN)/python -c "from cxtools.report.browser import check_offline as c; \
	c('reports/index.html', screenshot='docs/img/index.png', height=520); \
	c('reports/01_ltv/01_ltv.html', screenshot='docs/img/report.png')"

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) reports .pytest_cache
