"""Run the jobs of a batch on local worker processes or on a Dask cluster; yield rows as they finish.

Local workers are long-lived: with ``forkserver`` the library is imported once in the server and
each worker is forked from it, so no export pays for imports. Jobs are handed out a few per worker
at a time (memory stays flat for a million inputs). A worker that dies takes only its own export:
each export in flight then is retried alone in a fresh worker, and one that kills that worker too is
failed.
Interrupting the run (Ctrl-C) starts no new export, lets those in flight finish (their reports and
done-files are written atomically), and re-raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from dsar_analyzer import __version__
from dsar_analyzer.batch.manifest import Row, empty_row
from dsar_analyzer.batch.work import Job, fingerprint, run_job, warm_up

#: Jobs handed to the workers ahead of time, per worker: enough to keep them busy, no more.
AHEAD = 4
#: A worker is replaced after this many exports, so memory a long run leaves behind is given back.
TASKS_PER_WORKER = 500
WORKER_DIED = "the worker process stopped while reading this export (out of memory?)"


def failed_row(job: Job, message: str) -> Row:
    row = empty_row(job.path) | {"status": "failed", "message": message, "reason": "worker",
                                 "tool_version": __version__,
                                 "options_sha256": fingerprint(job.spec)}
    if job.spec.case:
        row |= {"case_id": job.spec.case.case_id, "child": job.spec.case.child}
    return row


def _worker_start() -> None:
    # The parent alone decides what Ctrl-C means; workers finish the export in hand.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dsar_analyzer.batch.work"])
        return context
    return multiprocessing.get_context("spawn")


def run_local(jobs: Iterable[Job], workers: int, task: Callable[[Job], Row] = run_job) -> Iterator[Row]:
    """Rows of ``jobs`` in the order they finish, from ``workers`` local processes running ``task``."""
    pending = iter(jobs)
    suspects: list[Job] = []
    while True:
        yield from _isolate(suspects, task)
        suspects = []
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_start,
                                   max_tasks_per_child=TASKS_PER_WORKER)
        running: dict[Future[Row], Job] = {}
        stopping = False
        try:
            def top_up() -> None:
                while not stopping and len(running) < workers * AHEAD and (job := next(pending, None)) is not None:
                    running[pool.submit(task, job)] = job

            top_up()
            while running and not suspects:
                try:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                except KeyboardInterrupt:
                    if stopping:
                        raise  # a second Ctrl-C: stop waiting for the exports in flight
                    stopping = True
                    for future in running:
                        future.cancel()  # those not started yet; the ones in flight finish
                    continue
                for future in done:
                    job = running.pop(future)
                    if future.cancelled():
                        continue
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                if suspects:
                    # Every export the broken pool held is a suspect; none is lost.
                    suspects.extend(running.values())
                    running.clear()
                else:
                    top_up()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if stopping:
            raise KeyboardInterrupt
        if not suspects:
            return


def _isolate(suspects: list[Job], task: Callable[[Job], Row]) -> Iterator[Row]:
    """Each export held by a pool whose worker died, run alone in a fresh worker: only the culprit fails."""
    for job in suspects:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_worker_start)
        try:
            yield pool.submit(task, job).result()
        except BrokenProcessPool:
            yield failed_row(job, WORKER_DIED)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def run_dask(jobs: Iterable[Job], scheduler: str, workers: int,
             on_connect: Callable[[int], None] | None = None) -> Iterator[Row]:
    """Rows of ``jobs`` from a Dask cluster: ``scheduler`` is its address, or ``local`` for a LocalCluster.

    Every worker must have this package installed (the same version) and see the input and output
    folders under the same paths (shared storage).
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        # The connect timeout is Dask's setting (distributed.comm.timeouts.connect, 30 s by default).
        client = Client(scheduler)
    try:
        client.run(warm_up)
        slots = max(1, sum(client.nthreads().values()))
        if on_connect:
            on_connect(slots)
        pending = iter(jobs)
        by_key: dict[str, Job] = {}

        def submit() -> Any:
            job = next(pending, None)
            if job is None:
                return None
            future = client.submit(run_job, job, pure=False)
            by_key[str(future.key)] = job
            return future

        first = [f for f in (submit() for _ in range(slots * AHEAD)) if f is not None]
        queue = as_completed(first)
        for future in queue:
            job = by_key.pop(future.key)
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - a lost worker fails one export, not the run
                yield failed_row(job, f"the cluster could not run this export ({type(error).__name__})")
            finally:
                future.release()
            following = submit()
            if following is not None:
                queue.add(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
