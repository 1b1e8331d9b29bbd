"""What the local workers' fork server imports: the library, primed once for every worker forked from it.

``multiprocessing`` lets a fork server only import modules before it forks workers; importing this
one also runs ``warm_up`` there (the report templates in both languages and the Dutch catalogue,
75 ms), so no worker repeats it, nor does a worker that replaces one mid-run. Under ``spawn`` (no
fork server) each worker's initializer warms itself, as before.
"""

from __future__ import annotations

import dsar_analyzer.batch.run  # noqa: F401 - the workers' initializer is unpickled from there
from dsar_analyzer.batch.work import warm_up

warm_up()
