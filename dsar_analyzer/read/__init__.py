"""Read: turn a ZIP, a folder or a single file into an ``Export``, safely and without losing anything.

``ingest``, ``archive`` and ``zip_safety`` open the input within limits and hash it (they know
nothing of TikTok); ``formats`` tells the format, generation and language; ``json_table`` and
``txt_table`` say where each section lives in every generation (a new TikTok path or TXT file name
goes there); ``parse_json`` and ``parse_txt`` walk the documents; ``validate`` checks items against
the record models in bulk; ``collect`` ledgers what was found; ``reader.load`` ties it together.

May import: errors, records.
"""
