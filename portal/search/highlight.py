"""Result snippets: a stretch of the record's own text around the first match,
with every match marked, whatever the script the query was typed in."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .segment import normalize, query_terms


def _folded(text):
    """``text`` normalised character by character, so positions still match
    the original (a character whose folding changes length stays as it is)."""
    return "".join(folded if len(folded := normalize(char)) == 1 else char.lower() for char in text)


def _needles(query):
    """The query's terms as the strings they match, longest first."""
    found = set()
    for kind, text in query_terms(query):
        if kind == "phrase":  # "留痕 痕迹" is 留痕迹
            bigrams = text.split()
            text = bigrams[0] + "".join(bigram[1:] for bigram in bigrams[1:])
        found.add(text)
    return sorted(found, key=len, reverse=True)


def snippet(text, query, width=90):
    """Safe HTML: up to ``width`` characters of ``text`` around the first
    match of ``query``, matches in ``<mark>``."""
    text = " ".join((text or "").split())
    needles = _needles(query)
    if not text:
        return ""
    folded = _folded(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    first = pattern.search(folded) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    pieces, position = [], start
    for match in pattern.finditer(folded, start, end) if pattern else ():
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    return mark_safe(("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else ""))  # noqa: S308


def people_line(people, query):
    """Safe HTML naming, by their part, the people of ``people`` (``[(label,
    [name, …])]``, as ``search_people()`` gives them) whose names match
    ``query``, matches in ``<mark>``: why a record was found by a name.
    Empty when no name matches."""
    needles = _needles(query)
    if not needles:
        return ""
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    parts = []
    for label, names in people:
        marked = []
        for name in names:
            name = str(name)
            matches = list(pattern.finditer(_folded(name)))
            if not matches:
                continue
            pieces, position = [], 0
            for match in matches:
                pieces.append(escape(name[position : match.start()]))
                pieces.append(f"<mark>{escape(name[match.start() : match.end()])}</mark>")
                position = match.end()
            pieces.append(escape(name[position:]))
            marked.append("".join(pieces))
        if marked:
            separator = pgettext("list separator", ", ")
            parts.append(
                _("%(label)s: %(names)s") % {"label": escape(label), "names": separator.join(marked)}
            )
    return mark_safe(pgettext("list separator", "; ").join(parts))  # noqa: S308
