import pytest
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def test_a_user_without_a_choice_never_inherits_the_previous_requests_language(
    home_page, staff, leader, verified_client
):
    profile = UserProfile.get_for_user(leader)
    profile.preferred_language = "en"
    profile.save()
    assert '<html lang="en">' in verified_client(leader).get("/").content.decode()
    assert '<html lang="zh-hans">' in verified_client(staff).get("/").content.decode()
