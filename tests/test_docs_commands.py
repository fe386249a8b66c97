"""Every `carbonwh` command in README.md and docs/*.md is a valid command line, and the docs
point only at files of the repository.

Each command is parsed by the real CLI (command, options, option values, choices), so a
renamed option or command breaks this test. A code block preceded by the line
`<!-- illustrative -->` is exempt. The commands are run by the tests of their areas and by
`make demo`; this test keeps the docs in step with the CLI.
"""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main
from conftest import REPO_ROOT

DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```")
PREFIXES = ("carbonwh ", ".venv/bin/carbonwh ", "../.venv/bin/carbonwh ")


def doc_commands() -> list[tuple[str, str]]:
    """(where, command line) of each carbonwh command in a fenced block of the docs."""
    found = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        inside, exempt, pending = False, False, ""
        for number, line in enumerate(lines, start=1):
            if FENCE.match(line.strip()):
                if not inside:
                    previous = lines[number - 2].strip() if number > 1 else ""
                    exempt = previous == "<!-- illustrative -->"
                inside = not inside
                continue
            if not inside or exempt:
                continue
            text = (pending + " " + line.strip()) if pending else line.strip()
            if text.endswith("\\"):
                pending = text[:-1]
                continue
            if text.startswith(PREFIXES) and not complete(text):
                pending = text  # a quoted argument goes on over the next line
                continue
            pending = ""
            text = re.sub(r"\s+#\s.*$", "", text)  # a trailing shell comment
            if text.startswith(PREFIXES):
                found.append((f"{doc.relative_to(REPO_ROOT)}:{number}", text))
    return found


def complete(text: str) -> bool:
    try:
        shlex.split(text)
    except ValueError:
        return False
    return True


COMMANDS = doc_commands()


def parse(args: list[str]) -> None:
    """Run `carbonwh args` with every command body replaced by a no-op: the real parser
    checks the command, its options, their values and choices."""
    from warehouse.cli import app

    root = typer.main.get_command(app)  # a fresh click command tree each call
    stack = [root]
    while stack:
        command = stack.pop()
        command.callback = None
        stack.extend(getattr(command, "commands", {}).values())
    root.main(args=list(args), prog_name="carbonwh", standalone_mode=False)


def test_the_docs_hold_commands():
    assert len(COMMANDS) > 20  # the extraction works


@pytest.mark.parametrize("where,line", COMMANDS, ids=[w for w, _ in COMMANDS])
def test_documented_command_parses(where, line):
    words = shlex.split(line.split(" | ")[0].split(" > ")[0].split(" && ")[0])
    args = words[1:]
    try:
        parse(args)
    except Exception as exc:  # typer bundles its own click: match its classes by name
        kinds = {kind.__name__ for kind in type(exc).__mro__}
        if "Exit" in kinds:
            return  # --help, --version
        if "UsageError" in kinds:
            pytest.fail(f"{where}: `{line}` is not a valid command: {exc.format_message()}")
        raise


def test_docs_point_only_at_files_of_the_repository():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "DESIGN.md" not in text, f"{doc.name} cites DESIGN.md, which is not in the repo"
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"
