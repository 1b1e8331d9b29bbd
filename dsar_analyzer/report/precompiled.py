"""Report templates compiled ahead of time: the Python code Jinja2 generates from them, shipped with the package.

Jinja2 turns a template into Python source the first time a process uses it. A small export's
report uses eight templates, and lexing, parsing and generating them was 40-50 ms of a process of
about 0.6 s, paid again by every ``report`` and by every batch worker for each language. The store
(``precompiled_templates.json``) holds that code per template, with the SHA-1 of the source it was
generated from (the checksum Jinja2's own bytecode caches use), under the Jinja2 version and the
escaping it was generated for. It is consulted through Jinja2's bytecode-cache hook: a template whose
source, Jinja2 version or escaping differs from the stored one is compiled from source as before, so
an edited template is never rendered stale, only compiled again until the store is rewritten
(``python -m dsar_analyzer.report.precompiled``; a test fails while the store is out of date).

The store is read, never written, by the library: no cache file is made anywhere at run time.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import orjson
from jinja2.bccache import Bucket, BytecodeCache

STORE = "precompiled_templates.json"


def options_key(autoescape: bool) -> str:
    """The store's key of the code generated for one escaping by this Jinja2 (generated code depends on both)."""
    return f"jinja2 {jinja2.__version__}, autoescape {autoescape}"


@cache
def _store() -> dict[str, dict[str, dict[str, str]]]:
    resource = files("dsar_analyzer.report").joinpath(STORE)
    if not resource.is_file():  # a tree without a store renders as before
        return {}
    data: dict[str, dict[str, dict[str, str]]] = orjson.loads(resource.read_bytes())
    return data


class PrecompiledTemplates(BytecodeCache):
    """A read-only bytecode cache: a template's stored code, compiled by Python, when its source matches."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, name, self.get_source_checksum(source))
        autoescape = environment.autoescape
        stored = _store().get(options_key(autoescape), {}).get(name) if isinstance(autoescape, bool) else None
        if stored is not None and stored["sha1"] == bucket.checksum:
            bucket.code = compile(stored["code"], filename or "<template>", "exec")
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        """Nothing is written: the store changes only by ``write_store``."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Unused: ``get_bucket`` fills the bucket from the store."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Unused: the cache is read-only."""


def generated(environments: dict[bool, jinja2.Environment]) -> dict[str, dict[str, dict[str, str]]]:
    """The store's content: every template of ``environments[autoescape]``, HTML escaped, text templates not."""
    store: dict[str, dict[str, dict[str, str]]] = {}
    for autoescape, environment in environments.items():
        assert environment.loader is not None
        entries = store.setdefault(options_key(autoescape), {})
        for name in environment.list_templates(filter_func=lambda name: name.endswith(".j2")):
            if name.endswith(".txt.j2") == autoescape:
                continue
            source, filename, _ = environment.loader.get_source(environment, name)
            code = environment.compile(source, name, filename, raw=True)
            entries[name] = {"sha1": PrecompiledTemplates().get_source_checksum(source), "code": code}
    return store


def store_bytes(store: dict[str, Any]) -> bytes:
    return orjson.dumps(store, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def write_store() -> str:
    """Generate the store from the report's templates and write it into the package source; returns its path."""
    from dsar_analyzer.report.render import environment

    path = str(files("dsar_analyzer.report").joinpath(STORE))
    content = store_bytes(generated({True: environment("en"), False: environment("en", autoescape=False)}))
    with open(path, "wb") as handle:
        handle.write(content)
    return path


if __name__ == "__main__":
    import sys

    sys.stdout.write(write_store() + "\n")
