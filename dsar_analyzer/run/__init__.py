"""Run: one export, the same way from every door: ``run_export(source, spec) -> Outcome``.

``spec`` settles every choice of a run once, each from its sources in one declared order (``RunSpec``);
``run_export`` reads, analyses, renders and writes one export and returns its ``Outcome``, the value a
manifest row holds. The ``report``, ``request``, ``export`` and ``inspect`` commands, ``batch`` workers
(local and Dask) and the local page all call it, so the same export with the same choices gives the same
report whichever door it came in by.

May import: errors, write, records, read, analysis, report.
"""
