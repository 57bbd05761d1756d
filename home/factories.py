"""Page factories, shared by the tests and ``seed_demo``."""

import factory
import wagtail_factories
from django.utils import timezone

from .models import HomePage, SectionPage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "留痕记录门户"


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"栏目{n}")
    intro = ""
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda page: page.first_published_at)
