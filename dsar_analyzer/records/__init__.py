"""Records: what an export holds once read, the stage every other stage builds on.

The record models (one frozen pydantic model per record kind), the registry of section ids, value
parsing (timestamps, counts), the ``Export`` with each record's source, the ledger that accounts
for every member, section, item and field, one field as a plain column (no pandas), and the pandas
frames built from those columns.

May import: errors.
"""
