"""Report: render an ``Analysis`` of an ``Export`` as a self-contained HTML evidence report.

``context`` builds the plain data a template shows, with ``labels``, ``sentences`` and ``appendix``
for its parts; ``charts`` draws the static SVG charts; ``redact`` (the mechanisms) and ``redaction_table`` (per field) decide
what each mode withholds; ``i18n`` and ``locale/`` hold the Dutch and English texts; ``render``
fills the Jinja2 ``templates/``; ``output`` writes the rendered files into an output folder
safely; ``case_key`` makes and reads claim-mode keys. A new report section is a template partial
plus a context builder.

May import: errors, records, read, analyse.
"""
