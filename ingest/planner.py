"""What an ingest batch has to do: compare the walk of the roots with the manifest.

`plan(con, roots)` lists every file once (one stat per known file, none for new ones),
compares size and mtime with `raw.files` and returns the files to read (new, changed, or
known but deleted earlier), the file_ids that are gone, and the counts of the files that
are unchanged. Nothing is read or written here; `FileRef.read()` opens a file later.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from ingest.discover import walk


@dataclass(slots=True)
class Known:
    """What replacing a known file needs: its id, sha256 (None if deleted) and first_seen_at."""

    file_id: int
    sha256: str | None
    first_seen_at: datetime | None = None


@dataclass(slots=True)
class FileRef:
    """A file to process: where it is and, once read (or stat'ed), its size and mtime."""

    root: str
    path: str
    size: int | None = None
    mtime_ns: int | None = None

    @property
    def full_path(self) -> str:
        root = self.root  # os.path.join, without its per-call checks (paths are relative)
        return root + self.path if root.endswith("/") else f"{root}/{self.path}"

    def read(self) -> bytes:
        """The file's bytes; size and mtime from the open file (one open, no extra stat)."""
        fd = os.open(self.full_path, os.O_RDONLY)
        try:
            st = os.fstat(fd)
            data = os.read(fd, st.st_size + 1)
            if len(data) > st.st_size:  # growing while we read: take all there is now
                chunks = [data]
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                data = b"".join(chunks)
        finally:
            os.close(fd)
        self.size, self.mtime_ns = st.st_size, st.st_mtime_ns
        return data

    def stat(self) -> None:
        """Size and mtime of a file that is not read (the walk skips the stat of new files)."""
        if self.size is None:
            try:
                st = os.stat(self.full_path)
            except OSError:
                return
            self.size, self.mtime_ns = st.st_size, st.st_mtime_ns


@dataclass
class Plan:
    # (file, None) for a new file, (file, Known) for a changed or re-appeared one
    to_read: list[tuple[FileRef, Known | None]] = field(default_factory=list)
    gone: list[int] = field(default_factory=list)  # file_ids no longer on disk
    files_seen: int = 0
    files_unchanged: int = 0
    files_ignored: int = 0  # unchanged files whose status is 'ignored'


def plan(con, roots: list[str]) -> Plan:
    """New, changed, unchanged and deleted files of `roots` against raw.files."""
    p = Plan()
    # The manifest of the scanned roots, column-wise: no Python object per row but
    # the path strings (a dict path -> row) and plain lists of ints.
    m = con.execute(
        "select root, path, file_id, size_bytes, mtime_ns, status = 'deleted' as deleted, "
        "status = 'ignored' as ignored from raw.files where list_contains(?, root)",
        [roots],
    ).fetchnumpy()
    m_root, m_path = m["root"], m["path"]
    m_id, m_size, m_mtime, m_deleted = (
        _ints(m["file_id"]),
        _ints(m["size_bytes"]),
        _ints(m["mtime_ns"]),
        np.asarray(m["deleted"], dtype=bool).tolist(),
    )
    # files_ignored counts the ignored files of the scan, unchanged ones too, so the
    # count means the same on every run.
    m_ignored = np.asarray(m["ignored"], dtype=bool).tolist()
    seen = np.zeros(len(m_root), dtype=bool)
    to_read = p.to_read
    again: list[tuple[int, int]] = []  # (position in to_read, manifest row) of known files
    for root in roots:
        rows = np.flatnonzero(m_root == root) if len(m_root) else ()
        known = dict(zip(m_path[rows].tolist(), rows.tolist(), strict=True)) if len(rows) else {}
        for path, size, mtime_ns in walk(Path(root), known.__contains__):
            p.files_seen += 1
            i = known.get(path)
            if i is None:
                to_read.append((FileRef(root, path), None))
                continue
            seen[i] = True
            if not m_deleted[i] and m_size[i] == size and m_mtime[i] == mtime_ns:
                p.files_unchanged += 1
                p.files_ignored += m_ignored[i]
            else:
                again.append((len(to_read), i))
                to_read.append((FileRef(root, path, size, mtime_ns), None))
    p.gone = [m_id[i] for i in np.flatnonzero(~seen).tolist() if not m_deleted[i]]
    # Known files read again are few: fill in their Known without a second list of all.
    known_rows = _known(con, [m_id[i] for _, i in again])
    for pos, i in again:
        to_read[pos] = (to_read[pos][0], known_rows[m_id[i]])
    return p


def _known(con, ids: list[int]) -> dict[int, Known]:
    """sha256 and first_seen_at of the known files to read again (few files)."""
    if not ids:
        return {}
    rows = con.execute(
        "select file_id, sha256, status, first_seen_at from raw.files "
        "where list_contains(?, file_id)",
        [ids],
    ).fetchall()
    return {
        fid: Known(fid, None if status == "deleted" else sha, first_seen)
        for fid, sha, status, first_seen in rows
    }


def _ints(values) -> list:
    """A fetched BIGINT column as Python ints (None for NULL)."""
    if isinstance(values, np.ma.MaskedArray):
        return values.astype(object).filled(None).tolist()
    return values.tolist()
