"""Find files under results roots with one stat each (os.scandir gives it for free)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Found:
    root: str  # absolute root, as given (resolved)
    path: str  # relative to root, '/'-separated
    size: int
    mtime_ns: int
    full_path: str


def walk(root: Path) -> list[Found]:
    """Every regular file below `root` (symlinked directories are not followed)."""
    root_str = str(root)
    found: list[Found] = []
    stack = [("", root_str)]
    while stack:
        prefix, directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                elif entry.is_file():
                    st = entry.stat()
                    found.append(Found(root_str, rel, st.st_size, st.st_mtime_ns, entry.path))
            except FileNotFoundError:  # vanished between listing and stat
                continue
    found.sort(key=lambda f: f.path)
    return found
