"""Escaping of free text (model names, slice labels) for LaTeX and Markdown output."""

from __future__ import annotations

import re

# One pass over the text, so the braces of an inserted `\textbackslash{}` are not escaped again.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))

_MARKDOWN_PATTERN = re.compile(r"([\\`*_{}\[\]<>|#])")


def latex_escape(value: object) -> str:
    """Text safe inside a LaTeX table cell: `\\ _ % & # { } $ ^ ~` escaped."""
    return _LATEX_PATTERN.sub(lambda m: _LATEX_SPECIALS[m.group(0)], str(value))


def markdown_escape(value: object) -> str:
    """Text safe inside a Markdown table cell (pipes, emphasis and HTML characters)."""
    return _MARKDOWN_PATTERN.sub(r"\\\1", str(value)).replace("\n", " ")


def markdown_table(header: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table; cells are escaped here (None becomes empty)."""

    def cell(value) -> str:
        return "" if value is None else markdown_escape(value)

    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
