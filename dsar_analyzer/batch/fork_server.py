"""What the local workers' fork server imports: the library, primed once for every worker forked from it.

``multiprocessing`` lets a fork server only import modules before it forks workers; importing this
one also runs ``warm_up`` there (the report templates in both languages and the Dutch catalogue,
75 ms), so no worker repeats it, nor does a worker that replaces one mid-run. Under ``spawn`` (no
fork server) each worker's initializer warms itself, as before.
"""

from __future__ import annotations

import gc

import dsar_analyzer.batch.run  # noqa: F401 - the workers' initializer is unpickled from there
from dsar_analyzer.batch.work import warm_up

warm_up()
# Every worker is forked from here: frozen, what the imports and the warm-up made is never walked
# again by a worker's garbage collector (its full collections would otherwise walk it on every pass),
# and the pages that hold it stay shared between the workers.
gc.freeze()
