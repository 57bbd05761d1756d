"""The docs stay true: every file or folder they name exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `path/to/file.py`, `path/to/folder/`, `../shared/DESIGN.md` (outside: not checked)
PATH = re.compile(r"`((?:[A-Za-z0-9_.-]+/)+[A-Za-z0-9_.-]*)`")
PLACEHOLDER = re.compile(r"<[^>]+>")


@pytest.mark.parametrize("doc", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_every_path_a_doc_names_exists(doc):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    top = {p.name for p in ROOT.iterdir()}  # a path into the repository starts at its top level
    paths = {m for m in PATH.findall(text) if m.split("/")[0] in top and not PLACEHOLDER.search(m)}
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"{doc} names files that do not exist: {missing}"
