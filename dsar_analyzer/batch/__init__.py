"""Many exports in one run: discovery, the case file, workers (local or Dask), the manifest and summary.

A claim handler's path: every export under the inputs is read, analysed and reported by long-lived
worker processes; each result becomes one manifest row; a rerun skips what is already done.
Also the tables for case systems (``tables``) and the published JSON schemas (``schemas``).

May import: errors, write, records, read, analysis, report, run.
"""
