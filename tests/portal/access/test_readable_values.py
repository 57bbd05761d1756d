"""A register record's page reads as a person would say it: times in the
portal's time zone (the same as in its listing), booleans 是/否, nothing as —,
never a UTC time, ``False`` or ``None``."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from portal.access.models import ExternalVisit

pytestmark = pytest.mark.django_db


def facts(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dt")
    }


def test_a_visits_page_shows_local_times_yes_no_and_dashes(world, verified_client):
    visit = ExternalVisit.objects.get()
    client = verified_client(world.people["leader"])
    shown = facts(client.get(reverse("access_visits:inspect", args=[visit.pk])).content)
    assert shown["开始时间"] == timezone.localtime(visit.starts_at).strftime("%Y-%m-%d %H:%M")
    assert shown["审批时间"] == timezone.localtime(visit.decided_at).strftime("%Y-%m-%d %H:%M")
    assert shown["允许导出"] == "否"
    assert shown["结束时间"] == "—"
    assert not {"None", "False", "True"} & set(shown.values())
    printed = client.get(reverse("access_visits:print", args=[visit.pk])).content.decode()
    assert timezone.localtime(visit.starts_at).strftime("%Y-%m-%d %H:%M") in printed, "the printout too"
