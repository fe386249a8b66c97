"""Parse one CodeCarbon CSV losslessly: data rows, rejected lines, status and error.

The stdlib `csv` reader does the quoting rules; we keep every physical line, so any record
that is not a data row is stored verbatim in raw.rejected_lines with its line number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ingest.decode import looks_binary

# A real file has a ~200 KB run of NUL bytes inside one cell: lift the 128 KB default.
csv.field_size_limit(2**31 - 1)

REQUIRED = frozenset({"timestamp", "project_name", "emissions"})
FIRST_CELLS = frozenset({"timestamp", "task_name"})
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
OTHER_DELIMITERS = {";": "';'", "\t": "a tab", "|": "'|'"}
MAX_NOTES = 5


def is_codecarbon_header(cells: list[str]) -> bool:
    """CodeCarbon's main output (any version) or the tasks API's task-level output."""
    names = {c.strip().lower() for c in cells}
    if REQUIRED <= names and ("duration" in names or "duration_sec" in names):
        return True
    return bool(cells) and cells[0].strip().lower() == "task_name" and "emissions" in names


@dataclass(slots=True)
class Segment:
    """Data rows that share one header (a file has several if its header changes).

    Fast path: `lines` holds the unsplit data lines of a file without quotes, NULs or bare
    CRs where every line has exactly the header's number of commas; line i is physical
    line `first_line + i`. Otherwise rows are the csv module's records.
    """

    header: list[str]
    lines: list[str] | None = None
    first_line: int = 2
    line_numbers: list[int] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    short: list[bool] = field(default_factory=list)
    nul: list[bool] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.lines) if self.lines is not None else len(self.rows)


@dataclass(slots=True)
class ParsedCsv:
    kind: str  # emissions_csv | ignored
    status: str  # loaded | loaded_with_rejects | partial | quarantined | ignored
    header_line: str | None
    segments: list[Segment] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, text
    notes: list[str] = field(default_factory=list)
    n_rows: int = 0


@dataclass(frozen=True, slots=True)
class _HeaderVerdict:
    cells: list[str] | None
    result: ParsedCsv | None  # set when the file is not loaded (ignored or quarantined)


def _strip_eol(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def _other_delimiter(first_line: str) -> str | None:
    for delimiter, label in OTHER_DELIMITERS.items():
        if delimiter in first_line and is_codecarbon_header(first_line.split(delimiter)):
            return label
    return None


class CsvParser:
    """Parses CSV texts, judging each distinct header line once (20,000 files share a few)."""

    def __init__(self):
        self._verdicts: dict[tuple[str, bool], _HeaderVerdict] = {}

    def parse(self, text: str, *, expect_codecarbon: bool) -> ParsedCsv:
        """Classify by header and split into data rows and rejected lines.

        `expect_codecarbon`: the file sits where our own tree keeps CodeCarbon output, so
        a foreign header is an error (quarantined) rather than a file to ignore.
        """
        if not text:
            return ParsedCsv("emissions_csv", "quarantined", None, notes=["empty file (0 bytes)"])
        end = text.find("\n")
        header_line = text if end < 0 else text[:end]
        if header_line.endswith("\r"):
            header_line = header_line[:-1]
        if "\r" in header_line or '"' in header_line:  # bare-CR endings or quoted names
            return _parse_slow(text, expect_codecarbon)
        key = (header_line, expect_codecarbon)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = _judge_header(header_line, expect_codecarbon)
        if verdict.result is not None:
            return _binary() if looks_binary(text) else verdict.result
        lines = _fast_lines(text, end, len(verdict.cells))
        if lines is None:
            return _parse_slow(text, expect_codecarbon)
        result = ParsedCsv("emissions_csv", "loaded", header_line, n_rows=len(lines))
        result.segments.append(Segment(verdict.cells, lines=lines))
        if not lines:
            result.notes.append("header only: no data rows")
        return result


def _binary() -> ParsedCsv:
    return ParsedCsv(
        "emissions_csv",
        "quarantined",
        None,
        notes=["binary data, not a text CSV (NUL or control bytes in the first KB)"],
    )


def _judge_header(header_line: str, expect_codecarbon: bool) -> _HeaderVerdict:
    cells = header_line.split(",")
    if is_codecarbon_header(cells):
        return _HeaderVerdict(cells, None)
    label = _other_delimiter(header_line)
    if label:
        why = (
            f"line 1: wrong delimiter: the CodeCarbon header is separated by {label}, "
            "CodeCarbon writes ','"
        )
        return _HeaderVerdict(
            None, ParsedCsv("emissions_csv", "quarantined", header_line, notes=[why])
        )
    why = "header is not CodeCarbon's (needs timestamp, project_name, emissions, duration)"
    if expect_codecarbon:
        result = ParsedCsv("emissions_csv", "quarantined", header_line, notes=[f"line 1: {why}"])
    else:
        result = ParsedCsv("ignored", "ignored", header_line, notes=[why])
    return _HeaderVerdict(None, result)


def _fast_lines(text: str, header_end: int, width: int) -> list[str] | None:
    """The data lines when a plain split is exactly what the csv module would do, else None."""
    if header_end < 0:
        return []
    body = text[header_end + 1 :]
    if '"' in body or "\x00" in body:
        return None
    lowered = body.lower()
    if "timestamp" in lowered or "task_name" in lowered:  # maybe a repeated header: check it
        return None
    if "\r" in body:
        body = body.replace("\r\n", "\n")
        if "\r" in body:
            return None
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    commas = width - 1
    for line in lines:
        if line.count(",") != commas:
            return None
    return lines


def _parse_slow(text: str, expect_codecarbon: bool) -> ParsedCsv:
    lines = io.StringIO(text, newline="").readlines()
    header_line = _strip_eol(lines[0])
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except csv.Error as exc:
        return ParsedCsv("emissions_csv", "quarantined", header_line, notes=[f"line 1: {exc}"])
    if not is_codecarbon_header(header):
        if looks_binary(text):
            return _binary()
        verdict = _judge_header(header_line, expect_codecarbon)
        if verdict.result is not None:
            return verdict.result
        # a quoted header the plain split mis-read: judge the parsed cells
        return ParsedCsv("ignored", "ignored", header_line, notes=["header is not CodeCarbon's"])
    return _parse_body(text, lines, reader, header, header_line)


def _parse_body(text, lines, reader, header, header_line) -> ParsedCsv:
    result = ParsedCsv("emissions_csv", "loaded", header_line)
    segment = Segment(header)
    result.segments.append(segment)
    width = len(header)
    stripped_header = [c.strip() for c in header]
    check_nul = "\x00" in text
    final_newline = text.endswith(("\n", "\r"))
    n_lines = len(lines)
    short_first = nul_first = None
    short_count = nul_count = 0
    prev = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start, prev = prev + 1, reader.line_num
            raw = _strip_eol("".join(lines[start - 1 : prev]))
            result.rejected.append((start, f"CSV error: {exc}", raw))
            continue
        start, prev = prev + 1, reader.line_num
        n = len(record)
        if n == width and record[0].strip().lower() not in FIRST_CELLS:
            segment.line_numbers.append(start)
            segment.rows.append(record)
            segment.short.append(False)
            if check_nul and "\x00" in "".join(record):
                segment.nul.append(True)
                nul_count += 1
                nul_first = nul_first or start
            else:
                segment.nul.append(False)
            continue
        raw = _strip_eol("".join(lines[start - 1 : prev]))
        if n == 0:
            result.rejected.append((start, "blank line", raw))
        elif record[0].startswith(CONFLICT_MARKERS):
            result.rejected.append((start, "git merge-conflict marker", raw))
        elif is_codecarbon_header(record):
            if [c.strip() for c in record] == stripped_header:
                result.rejected.append((start, "header repeated mid-file", raw))
            else:
                result.rejected.append(
                    (start, "header changed mid-file: the rows below use this header", raw)
                )
                header, width = record, n
                stripped_header = [c.strip() for c in header]
                segment = Segment(header)
                result.segments.append(segment)
        elif n == width:  # a data row whose first cell happens to read like a header name
            segment.line_numbers.append(start)
            segment.rows.append(record)
            segment.short.append(False)
            segment.nul.append(check_nul and "\x00" in "".join(record))
        elif prev >= n_lines and not final_newline and n < width:
            result.rejected.append(
                (
                    start,
                    f"incomplete last line ({n} of {width} fields, no final newline): "
                    "the file is probably still being written",
                    raw,
                )
            )
            result.status = "partial"
        elif n > width:
            result.rejected.append((start, f"{n} fields, the header has {width}", raw))
        elif n == 1:
            result.rejected.append((start, "not a CSV row (no delimiter)", raw))
        else:  # shorter than the header: CodeCarbon 3.2.9-3.3.0 dropped empty trailing cells
            segment.line_numbers.append(start)
            segment.rows.append(record)
            segment.short.append(True)
            has_nul = check_nul and "\x00" in "".join(record)
            segment.nul.append(has_nul)
            short_count += 1
            short_first = short_first or start
            if has_nul:
                nul_count += 1
                nul_first = nul_first or start
    _finish(result, short_count, short_first, nul_count, nul_first)
    return result


def _finish(result: ParsedCsv, short_count, short_first, nul_count, nul_first) -> None:
    result.n_rows = sum(s.n_rows for s in result.segments)
    notes = []
    for line, reason, _ in result.rejected[:MAX_NOTES]:
        notes.append(f"line {line}: {reason} (rejected)")
    if len(result.rejected) > MAX_NOTES:
        notes.append(f"{len(result.rejected) - MAX_NOTES} more rejected lines")
        if result.status == "partial":  # the reason for the status must always show
            line, reason, _ = result.rejected[-1]
            notes.append(f"line {line}: {reason} (rejected)")
    if short_count:
        notes.append(
            f"{short_count} rows shorter than the header (missing cells NULL, _short_row), "
            f"first at line {short_first}"
        )
    if nul_count:
        notes.append(
            f"NUL bytes in {nul_count} rows (kept verbatim, _has_nul), first at line {nul_first}"
        )
    if result.n_rows == 0 and not result.rejected:
        notes.append("header only: no data rows")
    if result.status == "loaded" and result.rejected:
        result.status = "loaded_with_rejects"
    result.notes = notes + result.notes
