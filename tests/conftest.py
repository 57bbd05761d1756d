import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role


def set_up_portal():
    """Run ``setup_portal``, after putting back the tree root that a flush
    removed."""
    if Page.get_first_root_node() is None:
        # A transactional test flushed what Wagtail's migrations created.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(instance=Page(title="Root", slug="root"))
    call_command("setup_portal", verbosity=0)


def is_set_up():
    """Whether the database holds what ``setup_portal`` makes (it makes it
    all in one transaction, so the home page stands for the rest)."""
    return HomePage.objects.exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """``setup_portal`` once, on the freshly migrated test database, as at a
    first deployment; every test's transaction then rolls back to it."""
    with django_db_blocker.unblock():
        set_up_portal()


@pytest.fixture(autouse=True)
def portal_is_set_up(request):
    """Every test that uses the database starts from the set-up portal. A
    transactional test's flush empties the database: pytest-django runs those
    tests after the others, but not every way of running the suite keeps that
    order, so the portal is set up again when it is missing."""
    fixtures = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or fixtures & {"db", "transactional_db", "live_server"}:
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            if not is_set_up():
                set_up_portal()


@pytest.fixture(autouse=True)
def no_daily_report_reminders(settings):
    """Daily report reminders go to every employee at a time of the real day;
    tests that run ``run_periodic`` for something else leave them out
    (tests/registers/test_report_reminders.py turns them on)."""
    settings.DAILY_REPORT_REMINDERS = False


@pytest.fixture
def portal_setup(db):
    """What ``setup_portal`` creates at every deployment: roles, home page
    (made once per test database, see ``portal_is_set_up``)."""
    # Wagtail caches the sites' root paths in the cache, which outlives the
    # rollback of a test that moved a site or its root: start without it, as
    # when each test made its home page.
    Site.clear_site_root_paths_cache()


@pytest.fixture
def home_page(portal_setup):
    return HomePage.objects.get()


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def department(db):
    return DepartmentFactory(code="行", name="行政办公室")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(code="财", name="财务部")


def _role_user(role, department, *, heads=False, **kwargs):
    user = UserFactory(roles=[role], department=department, **kwargs)
    if heads:
        department.heads.add(user)
    return user


@pytest.fixture
def staff(portal_setup, department):
    return _role_user(Role.STAFF, department, display_name="孙丽")


@pytest.fixture
def department_head(portal_setup, department):
    return _role_user(Role.DEPARTMENT_HEAD, department, heads=True, display_name="赵敏")


@pytest.fixture
def leader(portal_setup, department):
    return _role_user(Role.LEADERSHIP, department, display_name="王建国")


@pytest.fixture
def archivist(portal_setup, department):
    return _role_user(Role.ARCHIVIST, department, display_name="何梅")


@pytest.fixture
def it_user(portal_setup, department):
    return _role_user(Role.IT, department, display_name="许强")


@pytest.fixture
def auditor(portal_setup, department):
    return _role_user(Role.INTERNAL_AUDIT, department, display_name="郭云")


def verify_session(client, user):
    """Sign ``client`` in as ``user`` with a session that passed two-factor
    verification (as after typing a backup code)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client():
    """``verified_client(user)`` → a test client signed in with two factors."""

    def make(user):
        return verify_session(Client(), user)

    return make
