"""The crawler: for each kind of person, every admin address the URL
resolver knows (filled with the ids of records the person may and may not
read), every bulk action's confirmation, the admin API and the front end,
asked with ordinary and with hostile input. No answer is a server error, and
no answer names a record the person may not read.

Records at each level carry the title ``Zephyr <level>`` (pages, register
records, documents and images alike), so a forbidden title is one string per
level the person does not read."""

import contextlib
import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from portal.access.levels import Level
from portal.access.models import AccessRequest, ExternalVisit, RecordImage
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role
from portal.trail.models import Event

from .conftest import LEVELS, READS

pytestmark = pytest.mark.django_db

# The roles the crawler walks as (the people of the access tests' world), and
# an external auditor whose account has no visit under way.
ROLES = [
    "staff_same",
    "staff_other",
    "head_same",
    "leader",
    "archivist",
    "it",
    "internal_audit",
    "visitor",
    "visitor_outside",
]

# Hostile input, sent to every address that takes a query and to the
# searches and listings by name.
HOSTILE = ["《", "😀", "\x00", "%00", "\u202e", "x" * 5000, "\x07\x1b"]
HOSTILE_PARAMS = (
    [{"q": value} for value in HOSTILE]
    + [{"q": "字 " * 2000}, {"q": "a b " * 1000}]
    + [{"year": "9" * 40}, {"p": "9" * 40}, {"year": "-1"}]
)

# Addresses that are not the reader's to crawl: signing out ends the session,
# the password-reset confirmation and the catch-all take no record id.
SKIPPED_NAMES = {"wagtailadmin_logout", "accounts:logout", "wagtailadmin_password_reset_confirm"}
# The "results only" twin of a listing shows the same rows as the listing.
RESULTS_ONLY = ("_results", "-results", "password_reset_confirm")


def forbidden_titles(role):
    reads = "" if role == "visitor_outside" else READS[role]
    return {f"Zephyr {level.name.lower()}" for level in LEVELS if level.name[0] not in reads}


@dataclass
class Ids:
    """The ids the crawler fills addresses with, by the kind of record an
    address names."""

    pages: list
    documents: list
    images: list
    memos: list
    events: list
    requests: list
    visits: list
    other: list

    def for_route(self, route):
        for word, ids in (
            ("api/main/^documents", self.documents),
            ("api/main/^images", self.images),
            ("documents", self.documents),
            ("images", self.images),
            ("memos", self.memos),
            ("trail", self.events),
            ("access/requests", self.requests),
            ("access/visits", self.visits),
            ("workflows/", self.other),
            ("page", self.pages),
            ("history/", self.pages),
            ("training/", self.pages),
            ("approvals/", self.pages),
        ):
            if word in route:
                return ids
        return self.other


def walk(patterns, prefix="", namespace=None):
    """``(route, name, pattern)`` for every address the resolver knows."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def _arguments(pattern):
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return {name: type(conv).__name__ for name, conv in converters.items()}
    return dict.fromkeys(pattern.pattern.regex.groupindex, "regex")


SLUG_VALUES = {
    "content_type_app_name": "home",
    "content_type_model_name": "sectionpage",
    "app_label": "home",
    "model_name": "sectionpage",
    "app_name": "home",
    "action_name": "approve",
    "filter_spec": "original",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "uidb64": "MQ",
    "token": "x",
    "path": "documents/none.txt",
}


def addresses(ids, world):
    """Every address to ask: each named route, filled once per id of the kind
    of record it names; the admin API by hand (its routes have no names)."""
    urls = set()
    for route, name, pattern in walk(get_resolver().url_patterns):
        if not name or name in SKIPPED_NAMES or name.endswith(RESULTS_ONLY):
            continue
        args = _arguments(pattern)
        if not args:
            with contextlib.suppress(NoReverseMatch):
                urls.add(reverse(name))
            continue
        for record_id in ids.for_route(route):
            kwargs = {}
            for arg in args:
                if arg in SLUG_VALUES:
                    kwargs[arg] = SLUG_VALUES[arg]
                elif arg == "revision_id":
                    kwargs[arg] = _latest_revision(record_id)
                elif arg == "destination_id":
                    kwargs[arg] = world.section.pk
                elif arg in ("task_state_id", "workflow_state_id", "task_id", "session_id", "workflow_pk"):
                    kwargs[arg] = 1
                else:
                    kwargs[arg] = record_id
            with contextlib.suppress(NoReverseMatch):
                urls.add(reverse(name, kwargs=kwargs))
    for kind, kind_ids in (("pages", ids.pages), ("documents", ids.documents), ("images", ids.images)):
        urls.add(f"/admin/api/main/{kind}/?search=Zephyr")
        urls.add(f"/admin/api/main/{kind}/?fields=*")
        for record_id in kind_ids:
            urls.add(f"/admin/api/main/{kind}/{record_id}/")
    urls.add(f"/admin/api/main/pages/?child_of={world.section.pk}")
    urls.add(f"/admin/api/main/pages/?descendant_of={world.section.pk}&fields=*")
    return sorted(urls)


def _latest_revision(page_id):
    page = Page.objects.filter(pk=page_id).first()
    return page.latest_revision_id if page and page.latest_revision_id else 1


def bulk_addresses(ids):
    """Every bulk action's confirmation, asked for all the records at once."""
    bulk_action_registry._scan_for_bulk_actions()
    urls = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            model_ids = ids.for_route(f"{app_label}/{model_name}".replace("wagtailcore/page", "page"))
            if app_label == "access" and model_name == "recorddocument":
                model_ids = ids.documents
            elif app_label == "access" and model_name == "recordimage":
                model_ids = ids.images
            query = "&".join(f"id={i}" for i in model_ids)
            for action in actions:
                urls.append(f"/admin/bulk/{app_label}/{model_name}/{action}/?{query}&next=/admin/")
    return urls


def front_addresses(ids, world):
    page_type = ContentType.objects.get_for_model(Page).pk
    urls = ["/", world.section.url, "/search/?q=Zephyr", "/inbox/", "/access/request/", "/access/requests/"]
    for page in world.pages.values():
        urls += [page.url, page.url + "?print=1", f"/access/request/?type={page_type}&id={page.pk}"]
    for record_id in ids.pages:
        urls += [
            f"/history/{record_id}/",
            f"/training/{record_id}/report/",
            f"/training/{record_id}/confirm/",
        ]
    for document in world.documents.values():
        urls.append(document.url)
    return urls


def hostile_addresses(world):
    urls = []
    for params in HOSTILE_PARAMS:
        urls += [("/search/", params), (world.section.url, params), ("/admin/pages/search/", params)]
        urls += [("/admin/documents/", params), ("/admin/trail/", params), ("/admin/memos/", params)]
        urls += [("/admin/choose-page/search/", params), ("/admin/access/requests/", params)]
    return urls


@pytest.fixture
def crawl_world(world):
    """The access tests' world, with images at every level, an external
    auditor without a visit and a draft of the confidential page."""
    world.images = {}
    for level in LEVELS:
        page = world.pages[level]
        world.images[level] = RecordImage.objects.create(
            title=page.title,
            file=get_test_image_file(),
            department=world.department,
            confidentiality=level,
            uploaded_by_user=world.people["author"],
        )
    confidential = world.pages[Level.CONFIDENTIAL]
    confidential.intro = "<p>Zephyr confidential, second draft</p>"
    confidential.save_revision(user=world.people["author"])
    world.people["visitor_outside"] = UserFactory(roles=[Role.EXTERNAL_AUDITOR], username="visitor_outside")
    return world


def crawled_levels(role):
    """The levels whose records fill the addresses: the highest the role
    reads and the lowest it does not (the bulk actions and the front end ask
    for every level)."""
    reads = [level for level in LEVELS if level.name.lower() not in _forbidden_names(role)]
    refused = [level for level in LEVELS if level not in reads]
    chosen = {*reads[-1:], *refused[:1]}
    return [level for level in LEVELS if level in chosen]


def _forbidden_names(role):
    return {title.split()[-1] for title in forbidden_titles(role)}


def _ids(world, role):
    levels = crawled_levels(role)

    def pks(records):
        return [records[level].pk for level in levels]

    events = Event.objects.filter(target_id__in=[str(p) for p in pks(world.pages)])
    return Ids(
        pages=pks(world.pages),
        documents=pks(world.documents),
        images=pks(world.images),
        memos=pks(world.memos),
        events=list(events.order_by("-id").values_list("pk", flat=True)[:3]),
        requests=list(AccessRequest.objects.order_by("pk").values_list("pk", flat=True)[:3]),
        visits=list(ExternalVisit.objects.values_list("pk", flat=True)[:1]),
        other=[1],
    )


def _get(client, url):
    if isinstance(url, tuple):
        return client.get(url[0], url[1])
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_no_address_fails_or_names_a_forbidden_record(crawl_world, role, verified_client):
    world = crawl_world
    forbidden = forbidden_titles(role)
    ids = _ids(world, role)
    client = verified_client(world.people[role])
    errors, leaks = [], []
    urls = [*addresses(ids, world), *bulk_addresses(ids), *front_addresses(ids, world)]
    for url in urls:
        try:
            response = _get(client, url)
        except Exception as error:
            errors.append(f"{url}: {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            errors.append(f"{url}: HTTP {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        named = sorted(title for title in forbidden if re.search(re.escape(title), text))
        if named:
            leaks.append(f"{url} ({response.status_code}): {', '.join(named)}")
    assert len(urls) > 250, "the crawler walks the whole admin"
    assert not errors + leaks, "\n".join(["Server errors:", *errors, "Forbidden titles:", *leaks])


@pytest.mark.parametrize("role", ["staff_same", "archivist", "visitor"])
def test_hostile_input_gets_an_answer_not_a_server_error(crawl_world, role, verified_client):
    client = verified_client(crawl_world.people[role])
    errors = []
    for url in hostile_addresses(crawl_world):
        try:
            response = _get(client, url)
        except Exception as error:
            errors.append(f"{url}: {type(error).__name__}: {error}"[:300])
            continue
        if response.status_code >= 500:
            errors.append(f"{url}: HTTP {response.status_code}"[:300])
    assert not errors, "\n".join(errors)


def test_a_search_of_punctuation_says_nothing_matches(crawl_world, verified_client):
    client = verified_client(crawl_world.people["staff_same"])
    html = client.get("/search/", {"q": "《"}).content.decode()
    assert "Nothing you may open matches" in html or "没有" in html
    assert "Zephyr" not in html
