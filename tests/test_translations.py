"""Every project string is translated, in both Chinese catalogues, and the
catalogues are current with the code."""

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("zh_Hans", "zh_Hant")}
# Characters that OpenCC, one at a time, turns into a variant although they
# are good Traditional usage in context: 台 (台賬, 後台), 准 (批准, not 標準).
TRADITIONAL_AS_WRITTEN = set("台准")


def untranslated(po):
    return [
        e.msgid
        for e in po
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr))
    ]


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_msgid_is_translated(lang):
    po = polib.pofile(str(CATALOGUES[lang]))
    assert len(po) > 50
    assert untranslated(po) == []


def test_traditional_catalogue_has_no_simplified_characters():
    to_traditional = OpenCC("s2tw")
    po = polib.pofile(str(CATALOGUES["zh_Hant"]))
    offenders = {}
    for entry in po:
        text = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        simplified = {c for c in text if to_traditional.convert(c) != c and c not in TRADITIONAL_AS_WRITTEN}
        if simplified:
            offenders[entry.msgid] = "".join(sorted(simplified))
    assert offenders == {}


def _strip_dates(path):
    return [line for line in path.read_text().splitlines() if "-Date:" not in line]


def test_makemessages_would_not_change_the_catalogues(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "__pycache__", "*.mo", "tests", "bench", "node_modules"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "zh_Hant",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )
    for lang, original in CATALOGUES.items():
        regenerated = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
        if not filecmp.cmp(original, regenerated, shallow=False):
            assert _strip_dates(regenerated) == _strip_dates(original), f"run `make messages` ({lang})"
