"""The portal's own help (用户手册): its source in the repository, how
``setup_portal`` seeds it, and how its Markdown is shown.

The source is ``home/manual/<script>/<role>.md`` (``zh_hans`` and
``zh_hant``; the role's name in lower case, e.g. ``department_head.md``),
whose first line ``# title`` is the page's title, and the screenshots in
``home/manual/images/``, which ``make manual-screenshots`` regenerates from
the browser tests.

Seeding is idempotent and never overwrites an editor: a missing page is
made and published; a page that only the set-up has written (every revision
without a user) follows its source when that changed; a page someone edited
in the admin is left as they made it (delete it to get the source back)."""

import html
import re
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import mark_safe

from portal import trail
from portal.access.subjects import roles_of
from portal.accounts.roles import Role

from ..models import HomePage, ManualIndexPage, ManualPage
from ..models.manual import Script, script_for

SOURCE = Path(__file__).resolve().parents[1] / "manual"
IMAGES = SOURCE / "images"
FOLDERS = {Script.SIMPLIFIED: "zh_hans", Script.TRADITIONAL: "zh_hant"}
# The roles the manual has a page for, in the order /help/ picks a page for
# someone holding several.
ROLES = (Role.IT, Role.INTERNAL_AUDIT, Role.ARCHIVIST, Role.LEADERSHIP, Role.DEPARTMENT_HEAD, Role.STAFF)
INDEX_TITLE = "用户手册"
INDEX_INTRO = "按您的角色查看日常工作的操作步骤。"

IMAGE_LINE = re.compile(r"^!\[(?P<caption>[^\]]*)\]\((?P<name>[\w.-]+\.png)\)$")
IMAGE_REFERENCE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


# --- Source --------------------------------------------------------------------


def source_path(role, script):
    return SOURCE / FOLDERS[script] / f"{role.name.lower()}.md"


def read_source(role, script):
    """``(title, body)`` of the page's source file."""
    text = source_path(role, script).read_text(encoding="utf-8").strip()
    first, _newline, rest = text.partition("\n")
    return first.removeprefix("# ").strip(), rest.strip()


def images_referenced(body):
    """The image names a page's Markdown refers to."""
    return IMAGE_REFERENCE.findall(body)


# --- Seeding -------------------------------------------------------------------


def seed():
    """Make or refresh the manual (see the module's docstring), as one
    ``manual.seed`` event when anything changed; returns the number of pages
    made or refreshed."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    index = ManualIndexPage.objects.first()
    changes = [change for change in _changes() if change[3] is not False]
    if index is None or changes:
        with trail.action(
            "manual.seed", details={"pages": [f"{r.name.lower()}/{s}" for r, s, *_ in changes]}
        ):
            if index is None:
                index = _publish(home, ManualIndexPage(title=INDEX_TITLE, slug="manual", intro=INDEX_INTRO))
            for role, script, (title, body), page in changes:
                if page is None:
                    slug = f"{role.name.lower().replace('_', '-')}-{script}"
                    _publish(index, ManualPage(title=title, slug=slug, role=role, script=script, body=body))
                else:
                    page.title, page.body = title, body
                    page.save_revision().publish()
    return len(changes)


def _changes():
    """``(role, script, source, page)`` for every page of the source: the
    page to refresh, None to make one, or False to leave it as it is."""
    for role in ROLES:
        for script in Script:
            source = read_source(role, script)
            page = ManualPage.objects.filter(role=role, script=script).first()
            if page is not None and (not _only_seeded(page) or (page.title, page.body) == source):
                page = False
            yield role, script, source, page


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _only_seeded(page):
    return not page.revisions.filter(user__isnull=False).exists()


# --- Reading -------------------------------------------------------------------


def page_for(user, language_code):
    """The manual page for ``user``'s first role (:data:`ROLES` order) in the
    script of ``language_code``; the index for anyone else; None before set-up."""
    script = script_for(language_code)
    roles = roles_of(user)
    pages = ManualPage.objects.live().filter(script=script)
    for role in ROLES:
        if role in roles:
            page = pages.filter(role=role).first()
            if page is not None:
                return page
    return ManualIndexPage.objects.live().first()


def image_url(name):
    return reverse("manual_image", args=[name])


def image_path(name):
    """The file of a manual image, or None for a name that is not one."""
    if not re.fullmatch(r"[\w-]+\.png", name):
        return None
    path = IMAGES / name
    return path if path.is_file() else None


# --- Markdown, the subset the manual uses --------------------------------------


def render(text):
    """HTML of the manual's Markdown subset: ``##``/``###`` headings (h2, h3),
    numbered steps (``1.``), lists (``-``), paragraphs, ``**bold**``,
    links to the portal's own addresses ``[text](/path/)`` and images of
    the manual on a line of their own. Everything else is shown as text:
    no HTML passes through."""
    out, block = [], None  # block: ("ol"|"ul"|"p", [lines])

    def close():
        nonlocal block
        if block is None:
            return
        kind, items = block
        if kind == "p":
            out.append(f"<p>{'<br>'.join(items)}</p>")
        else:
            out.append("".join(items) + f"</{kind}>")
        block = None

    for raw in (text or "").splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        numbered = re.match(r"^(\d+)[.、]\s+(.*)$", line)
        image = IMAGE_LINE.match(line)
        if not line:
            close()
        elif heading:
            close()
            level = min(max(len(heading.group(1)), 2), 4)  # the page title is the h1
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif image:
            close()
            caption = html.escape(image.group("caption"))
            out.append(
                f'<figure class="manual-shot"><img src="{html.escape(image_url(image.group("name")))}" '
                f'alt="{caption}" loading="lazy"><figcaption>{caption}</figcaption></figure>'
            )
        elif numbered or line.startswith(("- ", "* ")):
            kind = "ol" if numbered else "ul"
            item = numbered.group(2) if numbered else line[2:]
            if block is None or block[0] != kind:
                close()
                start = f' start="{int(numbered.group(1))}"' if numbered and numbered.group(1) != "1" else ""
                block = (kind, [f"<{kind}{start}>"])
            block[1].append(f"<li>{_inline(item)}</li>")
        else:
            if block is None or block[0] != "p":
                close()
                block = ("p", [])
            block[1].append(_inline(line))
    close()
    return mark_safe("\n".join(out))  # noqa: S308 (every piece of text is escaped above)


def _inline(text):
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
    return re.sub(r"\[([^\]]+)\]\((/[^)\s]*)\)", r'<a href="\2">\1</a>', text)
