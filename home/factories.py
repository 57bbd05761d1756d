"""Page factories, shared by the tests and ``seed_demo``."""

import factory
import wagtail_factories

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
