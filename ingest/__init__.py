"""Discovery and lossless loading of CodeCarbon Results trees into DuckDB (schema `raw`).

    from ingest import load, IngestSummary
    summary = load(con, [Path("Results")], strict=False, progress=None)

The raw tables are documented in `ingest.schema`.
"""

from ingest.loader import IngestError, IngestSummary, StrictIngestError, load

__all__ = ["IngestError", "IngestSummary", "StrictIngestError", "load"]
