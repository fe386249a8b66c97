"""Bytes -> what a file holds: pure, no DuckDB, no file system.

`parse(path, info, data, csv_parser)` decodes a file's bytes and returns a `Parsed`: the
kind, status and error its `raw.files` row gets, and its content for the raw tables (CSV
segments and rejected lines, a JSON body, or a scheduling decisions frame). Every CSV cell
stays text; rejected lines are kept verbatim (see ingest.csvfile).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import orjson
import pandas as pd

from ingest import schedule_decisions
from ingest.context import NO_CONTEXT, Context, PathInfo
from ingest.csvfile import CsvParser, Segment
from ingest.decode import decode

UNREADABLE_REASON = "not a CSV, CodeCarbon backup (.csv.bak, .csv_N.bak) or JSON file"


@dataclass(slots=True)
class Parsed:
    """A parsed file: its manifest fields and its rows (at most one kind of content)."""

    kind: str
    status: str
    error: str | None
    encoding: str | None
    header: str | None = None
    n_rows: int = 0
    n_rejected: int = 0
    ctx: Context = NO_CONTEXT
    segments: tuple[Segment, ...] | list[Segment] = ()  # -> raw.codecarbon_rows
    rejected: list[tuple[int, str, str]] | tuple = ()  # (line_number, reason, line)
    body: str | None = None  # a JSON object's text -> raw.run_reports / raw.slice_metrics
    decisions: pd.DataFrame | None = None  # -> raw.schedule_decisions
    rows_loaded: int = 0  # what the summary's rows_loaded counts (CodeCarbon CSV rows)


def unread_reason(info: PathInfo) -> str | None:
    """Why a file is recorded as 'ignored' without being read, or None to read it."""
    if info.kind == "json":
        return info.reason if info.target == "ignored" else None
    if info.kind == "other":
        return UNREADABLE_REASON
    return None


def parse(path: str, info: PathInfo, data: bytes, csv_parser: CsvParser) -> Parsed:
    decoded = decode(data)
    if schedule_decisions.matches(path):
        return _decisions(path, decoded)
    if info.kind == "csv":
        return _csv(
            decoded, csv_parser.parse(decoded.text, expect_codecarbon=info.expect_codecarbon), info
        )
    return _json(decoded, info)


def _csv(decoded, parsed, info: PathInfo) -> Parsed:
    notes = list(parsed.notes)
    if decoded.note:
        notes.append(decoded.note)
    ctx = NO_CONTEXT
    segments: list[Segment] | tuple = ()
    rejected: list | tuple = ()
    if parsed.kind == "emissions_csv" and parsed.status != "quarantined":
        ctx = info.context
        if ctx.warning:
            notes.append(ctx.warning)
        segments = [s for s in parsed.segments if s.n_rows]
        rejected = parsed.rejected
    return Parsed(
        parsed.kind,
        parsed.status,
        "; ".join(notes) or None,
        decoded.encoding,
        header=parsed.header_line,
        n_rows=parsed.n_rows,
        n_rejected=len(parsed.rejected),
        ctx=ctx,
        segments=segments,
        rejected=rejected,
        rows_loaded=parsed.n_rows,
    )


def _json(decoded, info: PathInfo) -> Parsed:
    notes = [decoded.note] if decoded.note else []
    text = decoded.text
    if not text or text.isspace():  # (no stripped copy of every report)
        status, error = "quarantined", "empty file" if not text else "blank file (whitespace only)"
    else:
        status, error = json_object(text)
    if status != "loaded":
        if notes:
            error = f"{error}; {'; '.join(notes)}"
        return Parsed(info.target, status, error, decoded.encoding)
    ctx = info.context
    if ctx.warning:
        notes.append(ctx.warning)
    return Parsed(
        info.target,
        status,
        "; ".join(notes) or None,
        decoded.encoding,
        n_rows=1,
        ctx=ctx,
        body=text,
    )


def _decisions(path: str, decoded) -> Parsed:
    """A scheduling decisions file (the hook in ingest/schedule_decisions.py)."""
    rows, error = schedule_decisions.parse(decoded.text)
    n_rows = 0 if rows is None else len(rows)
    parts = path.split("/")
    return Parsed(
        schedule_decisions.KIND,
        "quarantined" if error else "loaded",
        error,
        decoded.encoding,
        n_rows=n_rows,
        ctx=Context(country=parts[-3], season=parts[-2]),
        decisions=rows if n_rows else None,
    )


def json_object(text: str) -> tuple[str, str | None]:
    """('loaded', None) for a JSON object, else ('quarantined', why), with json's message.

    orjson validates ~5x faster; it accepts a subset of what `json` accepts (no NaN, no
    lone surrogates, no huge ints), so anything it refuses is judged again by `json`.
    """
    try:
        if isinstance(orjson.loads(text), dict):
            return "loaded", None
    except orjson.JSONDecodeError:
        pass
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        return "quarantined", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    if not isinstance(body, dict):
        return "quarantined", f"expected a JSON object, found {type(body).__name__}"
    return "loaded", None
