"""Instructor tooling for the course: templates, the source notebook's outputs, nbgrader add-ons.

Student code never imports this package; nbgrader (through course_config.py) and
the instructor's commands do.
"""
