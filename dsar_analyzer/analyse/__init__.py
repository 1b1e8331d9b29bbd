"""Analyse: derive the figures from an ``Export``: categories, ages and claim periods, location, viewing.

``classify`` maps sections to categories and data kinds; ``age`` computes age bands and the claim
window; ``location`` resolves IP countries offline; ``viewing`` builds sessions and timelines;
``analysis`` gathers them into the ``Analysis`` object; ``summary`` is the JSON summary of ``inspect``.

May import: errors, records, read.
"""
