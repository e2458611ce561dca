"""Reading IATI files ahead in a second process while this one writes to the database.

An import spends about half its time reading (parsing, hashing, shaping, checking, tagging) and half writing; the
database server works beside both. On a machine with two or more processors the reading is done by a child process
started with `fork` (so it shares the reference data and the classifier already loaded, without loading them again),
which sends what it has read, file after file, in chunks through a bounded queue: memory stays flat whatever the
size of the files, and the child never touches the database connection it inherited.

`ReadAhead(paths, read_file)` starts the child; `activities(path)` then yields what `read_file(path)` yielded in the
child, in order, for each path in turn, and raises the `IatiFileError` the child met in that file at the same point.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
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
    return processors() > 1 and "fork" in multiprocessing.get_all_start_methods()


class ReadAhead:
    def __init__(self, paths: Iterable[Path], read_file: Callable[[Path], Iterable]):
        self.paths = list(paths)
        context = multiprocessing.get_context("fork")
        self.queue = context.Queue(maxsize=AHEAD)
        self.process = context.Process(target=_produce, args=(self.paths, read_file, self.queue), daemon=True,
                                       name="tacoord IATI reader")
        self.process.start()
        self.position = 0

    def activities(self, path: Path) -> Iterator:
        """What the child read from `path`, which must be the next of the paths given."""
        expected = self.paths[self.position]
        if Path(path) != expected:
            raise ValueError(f"read ahead {expected}, asked for {path}")
        self.position += 1
        while True:
            kind, payload = self._next()
            if kind == "items":
                yield from payload
            elif kind == "end":
                return
            elif kind == "refused":
                reason, line = payload
                raise IatiFileError(reason, line)
            else:
                raise RuntimeError(f"the IATI reading process failed:\n{payload}")

    def _next(self):
        while True:
            try:
                return self.queue.get(timeout=5)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError(f"the IATI reading process stopped (exit code {self.process.exitcode})") \
                        from None

    def close(self) -> None:
        """Stop the child (when the import ends early, it may still be reading) and wait for it."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        self.queue.close()
        self.queue.cancel_join_thread()

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
