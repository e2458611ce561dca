"""Reading IATI files ahead in a second process while this one writes to the database.

An import spends most of its time reading (parsing, hashing, shaping, checking, tagging, writing out); the database
server works beside it. On a machine with two or more processors the reading is done by child processes started
with `fork` (so they share the reference data and the classifier already loaded, without loading them again), each
taking every n-th file and sending what it has read, file after file, in chunks through its own bounded queue:
memory stays flat whatever the size of the files, the files are taken in their order, and a child never touches the
database connection it inherited.

`ReadAhead(paths, read_file)` starts the children; `activities(path)` then yields what `read_file(path)` yielded in
a child, in order, for each path in turn, and raises the `IatiFileError` the child met in that file at the same
point.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tacoord.iati.reader import IatiFileError

CHUNK = 100  # activities sent together: fewer, larger messages cost less than one per activity
AHEAD = 16  # chunks the child may read ahead before waiting for this process to catch up


def processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_read_ahead() -> bool:
    """Several processors, `fork`, and no other thread: a thread holding a lock when the process forks would leave
    the child waiting for it forever (the task worker and the import command have no other thread; a threaded web
    server reads in one process)."""
    return processors() > 1 and "fork" in multiprocessing.get_all_start_methods() \
        and threading.active_count() == 1


def readers_wanted(files: int) -> int:
    """One reader a processor, at most 4 and one a file: reading is the longer half of an import, and the database
    server and the writing process use little of a processor each while they wait for it."""
    return max(1, min(processors(), 4, files))


class ReadAhead:
    def __init__(self, paths: Iterable[Path], read_file: Callable[[Path], Iterable], readers: int | None = None):
        self.paths = list(paths)
        count = readers or readers_wanted(len(self.paths))
        context = multiprocessing.get_context("fork")
        self.queues = [context.Queue(maxsize=AHEAD) for _ in range(count)]
        self.processes = [
            context.Process(target=_produce, args=(self.paths[number::count], read_file, self.queues[number]),
                            daemon=True, name=f"tacoord IATI reader {number + 1}")
            for number in range(count)
        ]
        for process in self.processes:
            process.start()
        self.position = 0

    def activities(self, path: Path) -> Iterator:
        """What the child read from `path`, which must be the next of the paths given."""
        expected = self.paths[self.position]
        if Path(path) != expected:
            raise ValueError(f"read ahead {expected}, asked for {path}")
        number = self.position % len(self.processes)
        self.position += 1
        while True:
            kind, payload = self._next(number)
            if kind == "items":
                yield from payload
            elif kind == "end":
                return
            elif kind == "refused":
                reason, line = payload
                raise IatiFileError(reason, line)
            else:
                raise RuntimeError(f"the IATI reading process failed:\n{payload}")

    def _next(self, number: int):
        process = self.processes[number]
        while True:
            try:
                return self.queues[number].get(timeout=5)
            except queue.Empty:
                if not process.is_alive():
                    raise RuntimeError(f"the IATI reading process stopped (exit code {process.exitcode})") \
                        from None

    def close(self) -> None:
        """Stop the children (when the import ends early, they may still be reading) and wait for them."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process, out in zip(self.processes, self.queues, strict=True):
            process.join(timeout=10)
            out.close()
            out.cancel_join_thread()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _produce(paths: list[Path], read_file, out) -> None:
    """The child: read each file and send its activities in chunks, then its end (or why it was refused)."""
    try:
        for path in paths:
            chunk = []
            try:
                for item in read_file(path):
                    chunk.append(item)
                    if len(chunk) >= CHUNK:
                        out.put(("items", chunk))
                        chunk = []
            except IatiFileError as error:
                out.put(("items", chunk))
                out.put(("refused", (error.reason, error.line)))
                continue
            out.put(("items", chunk))
            out.put(("end", None))
    except BaseException:  # noqa: BLE001  anything: the parent must hear of it instead of waiting
        out.put(("failed", traceback.format_exc()))
    finally:
        out.close()
        out.join_thread()
