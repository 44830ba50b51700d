# The kit's two commands (see README.md): `make demo` runs the main job, `make test`
# the whole suite. Both build .venv/ from requirements.txt when it is missing or stale.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench venv assignment gradescope

venv: $(VENV)/.installed

# The stamp is newer than requirements.txt only after a complete install, so an
# interrupted install or an edited requirements.txt re-runs pip.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

test: venv
	$(PY) -m pytest

# The main job: grade the example class end to end with nbgrader (see coursekit/pipeline.py).
demo: venv
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m coursekit.pipeline --out demo

# Speed figures (scripts that print ratios measured side by side; slow: the grading
# benchmark autogrades 200 submissions three ways, about half an hour here).
bench: venv
	$(PY) benchmarks/training_step.py
	$(PY) benchmarks/grading_throughput.py --count 200

gradescope: venv
	$(PY) -m coursekit.gradescope_zip --out dist/gradescope_autograder.zip

# After editing solutions/ or the source notebook: regenerate the student templates,
# the notebook's stored outputs (against the reference, for nbval) and release/.
assignment: venv
	$(PY) -m coursekit.templates
	$(PY) -m coursekit.execute_source
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/nbgrader generate_assignment backprop --force
