"""Serve: a page on the parent's own computer to drop an export on and read its report.

``app`` is the Starlette application (routes, the one-time token, security headers); ``jobs``
reads, analyses and renders each uploaded export in the background with honest states;
``texts`` holds the page's Dutch and English texts and the parent's sentence for each refusal;
``static/`` and ``templates/`` are the page's own script, style and HTML (nothing from elsewhere).

May import: errors, write, records, read, analysis, report, run, batch.
"""
