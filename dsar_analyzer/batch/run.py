"""Run the jobs of a batch on local worker processes or on a Dask cluster; yield rows as they finish.

Local workers are long-lived: with ``forkserver`` the library is imported once in the server and
each worker is forked from it, so no export pays for imports. Jobs are handed out a few per worker
at a time (memory stays flat for a million inputs). A worker that dies takes only its own export:
each export in flight then is retried alone in a fresh worker, and one that kills that worker too is
failed. Every job given yields exactly one row.

Stopping (``Stop``): Ctrl-C, SIGTERM (a scheduler, ``systemctl stop``) and SIGHUP (the terminal
closed) all mean the same: no new export starts (each becomes a ``not_started`` row), those in
flight finish within a grace period (their reports and done-files are written atomically), and the
run returns so the manifest is written. A second signal stops at once. Workers ignore these
signals (the coordinating process decides) and exit by themselves when that process dies, even by
``kill -9``.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from dsar_analyzer import __version__
from dsar_analyzer.batch.manifest import Row, empty_row
from dsar_analyzer.batch.resume import STATE_FOLDER, done_name
from dsar_analyzer.batch.work import QueuedExport, fingerprint, run_job, warm_up

#: Jobs handed to the workers ahead of time, per worker: enough to keep them busy, no more.
AHEAD = 4
#: A worker is replaced after this many exports, so memory a long run leaves behind is given back.
TASKS_PER_WORKER = 500
#: Seconds the exports in flight may take to finish once a stop is asked for (systemd waits 90 s).
GRACE_SECONDS = 30.0
#: How often the coordinating process looks at a stop request while it waits for results.
_POLL_SECONDS = 0.2
#: Seconds between progress lines when stderr is a log, not a terminal.
PROGRESS_SECONDS = 5.0
#: Seconds a Dask scheduler has to answer before the run is refused.
CONNECT_SECONDS = 5.0
WORKER_DIED = "the worker process stopped while reading this export (out of memory?)"
NOT_STARTED = "not started: the run was stopped first; run the same command again to finish"
STOPPED_IN_FLIGHT = "not finished: the run was stopped and this export took longer than the grace period"
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})/?$")


class SchedulerError(Exception):
    """The Dask scheduler address is not one, or nothing answers there."""


class Stop:
    """A stop request: the first stop signal asks the run to wind down, a second one stops it at once."""

    def __init__(self) -> None:
        self.signal: int | None = None

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def request(self, signum: int = signal.SIGINT, frame: FrameType | None = None) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt
        self.signal = signum

    @contextmanager
    def handling_signals(self) -> Iterator[Stop]:
        """Route SIGINT, SIGTERM and SIGHUP to this request while the block runs (main thread only)."""
        previous = {number: signal.signal(number, self.request) for number in STOP_SIGNALS}
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


class Progress:
    """Progress for a log (stderr not a terminal): one line at the first export, then one every ``every`` s.

    Each line says how many exports are done of how many, the rate, and the time left at that rate.
    """

    def __init__(self, total: int, every: float = PROGRESS_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.every, self.clock = total, every, clock
        self.done = 0
        self.started = clock()
        self._last: float | None = None

    def add(self) -> str | None:
        """Count one more export done; the line to print when one is due."""
        self.done += 1
        now = self.clock()
        if self._last is not None and now - self._last < self.every and self.done < self.total:
            return None
        self._last = now
        return self.line(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((self.clock() if now is None else now) - self.started, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        left = (self.total - self.done) / rate if rate else None
        when = "done" if self.done >= self.total else "time left unknown" if left is None \
            else f"about {_duration(left)} left"
        return f"exports: {self.done:,}/{self.total:,} done ({share:.0%}), {rate:,.1f} exports/s, {when}"


def _duration(seconds: float) -> str:
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _row(job: QueuedExport, status: str, reason: str, message: str) -> Row:
    row = empty_row(job.path) | {"status": status, "message": message, "reason": reason,
                                 "tool_version": __version__, "options_sha256": fingerprint(job.spec)}
    if job.spec.case:
        row |= {"case_id": job.spec.case.case_id, "child": job.spec.case.child}
    return row


def failed_row(job: QueuedExport, message: str, reason: str = "worker") -> Row:
    return _row(job, "failed", reason, message)


def not_started_row(job: QueuedExport) -> Row:
    """The row of an export a stop came before: nothing was read or written for it."""
    return _row(job, "not_started", "interrupted", NOT_STARTED)


def _exit_with(parent: int) -> None:
    """Wait for process ``parent`` to end, then end this process (a worker must not outlive its run)."""
    try:
        handle = os.pidfd_open(parent)
    except (AttributeError, OSError):  # not Linux 5.3+, or already gone: look every second instead
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            time.sleep(1)
    else:
        select.select([handle], [], [])  # readable once the process has ended
    os._exit(1)


def _worker_start(parent: int) -> None:
    # The coordinating process alone decides what a stop signal means; workers finish the export in
    # hand, and end when that process ends (its pipes stay open in the workers, so nothing else would).
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="exit-with-parent", daemon=True).start()
    warm_up()  # nothing left to do when forked from the warmed fork server (its caches are inherited)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # ``fork_server`` imports this module too (a worker unpickles its initializer from here;
        # importing it after the fork was start-up every worker paid again) and warms the server.
        context.set_forkserver_preload(["dsar_analyzer.batch.fork_server"])
        return context
    return multiprocessing.get_context("spawn")


def start_fork_server() -> None:
    """Start the local workers' fork server now, before the coordinating process discovers and hashes
    the inputs: the server's imports (the whole library, about 0.4 s) then run beside that work on
    another core instead of after it, when the first worker is asked for."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _pool(workers: int, **options: Any) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_start,
                               initargs=(os.getpid(),), **options)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    # Python 3.11 has no public way to end a pool's workers (3.14 adds terminate_workers()).
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()


def run_local(jobs: Iterable[QueuedExport], workers: int, task: Callable[[QueuedExport], Row] = run_job,
              stop: Stop | None = None, grace: float = GRACE_SECONDS) -> Iterator[Row]:
    """One row per job of ``jobs`` as they finish, from ``workers`` local processes running ``task``."""
    stop = stop or Stop()
    pending = iter(jobs)
    suspects: list[QueuedExport] = []
    started = time.time()
    while True:
        yield from _isolate(suspects, task, stop, started)
        suspects = []
        if stop.requested:
            yield from (not_started_row(job) for job in pending)
            return
        pool = _pool(workers, max_tasks_per_child=TASKS_PER_WORKER)
        running: dict[Future[Row], QueuedExport] = {}
        deadline: float | None = None
        try:
            def top_up() -> None:
                while not stop.requested and len(running) < workers * AHEAD \
                        and (job := next(pending, None)) is not None:
                    running[pool.submit(task, job)] = job

            top_up()
            while running and not suspects:
                done, _ = wait(running, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
                if stop.requested and deadline is None:
                    deadline = time.monotonic() + grace
                    for future in [f for f in running if f not in done and f.cancel()]:
                        yield not_started_row(running.pop(future))
                    yield from (not_started_row(job) for job in pending)
                for future in done:
                    job = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                if suspects:
                    # Every export the broken pool held is a suspect; none is lost.
                    suspects.extend(running.values())
                    running.clear()
                elif deadline is not None and time.monotonic() > deadline:
                    _kill_workers(pool)
                    for job in running.values():
                        yield failed_row(job, STOPPED_IN_FLIGHT, "interrupted")
                    running.clear()
                else:
                    top_up()
        except BaseException:
            _kill_workers(pool)  # a second stop signal, or the caller gave up on the rows
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not suspects:
            return


def _isolate(suspects: list[QueuedExport], task: Callable[[QueuedExport], Row], stop: Stop, started: float) -> Iterator[Row]:
    """Each export held by a pool whose worker died, run alone in a fresh worker: only the culprit fails."""
    for job in suspects:
        if stop.requested:
            yield failed_row(job, STOPPED_IN_FLIGHT, "interrupted")
            continue
        pool = _pool(1)
        try:
            yield _done_in_this_run(pool.submit(task, job).result(), job, started)
        except BrokenProcessPool:
            yield failed_row(job, WORKER_DIED)
        except BaseException:
            _kill_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _done_in_this_run(row: Row, job: QueuedExport, started: float) -> Row:
    """A suspect that finished before its pool broke comes back ``skipped``; its done-file says when it was done.

    Written since this run started: it was read now, not "in an earlier run" (its result was lost with
    the pool, its report and done-file were not).
    """
    if row.get("status") != "skipped" or not row.get("sha256") or not row.get("options_sha256"):
        return row
    done_file = Path(job.out) / STATE_FOLDER / done_name(row["sha256"], row["options_sha256"])
    try:
        fresh = done_file.stat().st_mtime >= started - 1
    except OSError:
        return row
    return row | {"status": "ok", "message": job.spec.note} if fresh else row


def check_scheduler(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Refuse at once a ``--scheduler`` that is not an address, or where nothing answers within ``timeout``."""
    if address == "local":
        return
    match = _ADDRESS.match(address)
    if not match or not 0 < int(match.group(3)) < 65536:
        raise SchedulerError(f"--scheduler {address!r} is not a Dask scheduler address; give tcp://HOST:PORT "
                             "(e.g. tcp://10.0.0.1:8786) or 'local'.")
    host, port = match.group(2).strip("[]"), int(match.group(3))
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        why = "no answer" if isinstance(error, TimeoutError) else (error.strerror or type(error).__name__)
        raise SchedulerError(f"the Dask scheduler at {address} could not be reached ({why}); check the address "
                             "and that the scheduler is running.") from None


def run_dask(jobs: Iterable[QueuedExport], scheduler: str, workers: int,
             on_connect: Callable[[int], None] | None = None, task: Callable[[QueuedExport], Row] = run_job,
             stop: Stop | None = None, grace: float = GRACE_SECONDS) -> Iterator[Row]:
    """One row per job from a Dask cluster: ``scheduler`` is its address, or ``local`` for a LocalCluster.

    Every worker must have this package installed (the same version) and see the input and output
    folders under the same paths (shared storage). An address that is not one, or a scheduler that
    does not answer within ``CONNECT_SECONDS``, raises ``SchedulerError`` before anything runs.
    """
    from distributed import Client, LocalCluster
    from distributed import wait as wait_for

    check_scheduler(scheduler)
    stop = stop or Stop()
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS * 2)
        except OSError as error:
            raise SchedulerError(f"the Dask scheduler at {scheduler} did not answer as one ({error}).") from None
    try:
        client.run(warm_up)
        slots = max(1, sum(client.nthreads().values()))
        if on_connect:
            on_connect(slots)
        pending = iter(jobs)
        running: dict[Any, QueuedExport] = {}

        def top_up() -> None:
            while not stop.requested and len(running) < slots * AHEAD and (job := next(pending, None)) is not None:
                running[client.submit(task, job, pure=False)] = job

        top_up()
        deadline: float | None = None
        while running:
            try:
                done = wait_for(list(running), timeout=_POLL_SECONDS, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            if stop.requested and deadline is None:
                deadline = time.monotonic() + grace
                yield from (not_started_row(job) for job in pending)
            for future in done:
                job = running.pop(future)
                try:
                    yield future.result()
                except Exception as error:  # noqa: BLE001 - a lost worker fails one export, not the run
                    yield failed_row(job, f"the cluster could not run this export ({type(error).__name__})")
                finally:
                    future.release()
            if deadline is not None and time.monotonic() > deadline:
                # Dask cannot say which of these had begun; none is said not to have.
                for job in running.values():
                    yield failed_row(job, STOPPED_IN_FLIGHT, "interrupted")
                client.cancel(list(running))
                running.clear()
            top_up()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
