"""List files under a results root; stat only the ones the caller needs to compare.

A file the manifest does not know yet is going to be read anyway, and the read takes its
size and mtime from the open file (`os.fstat`), so walking it costs no stat: on a first
ingest the walk is a directory listing only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Found(NamedTuple):
    path: str  # relative to the root, '/'-separated
    size: int | None  # None when not stat'ed (a file the manifest does not know)
    mtime_ns: int | None


def walk(root: Path, needs_stat: Callable[[str], bool] | None = None) -> list[Found]:
    """Every regular file below `root`, sorted by path (symlinked directories not followed).

    `needs_stat(path)` says which files to stat (default: all); a file that vanishes
    between the listing and its stat is left out.
    """
    found: list[Found] = []
    stack = [("", str(root))]
    while stack:
        prefix, directory = stack.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append((rel + "/", entry.path))
                        elif entry.is_file():
                            if needs_stat is None or needs_stat(rel):
                                st = entry.stat()
                                found.append(Found(rel, st.st_size, st.st_mtime_ns))
                            else:
                                found.append(Found(rel, None, None))
                    except FileNotFoundError:  # vanished between listing and stat
                        continue
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
    found.sort()
    return found
