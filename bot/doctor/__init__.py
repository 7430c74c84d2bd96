"""`/doctor` and `freebox-bot doctor`: one report proving each part of the push path.

Each check is a small module returning report lines; `run.py` runs them side by side,
each within a time bound, so a box that does not answer leaves the rest of the report.
"""
