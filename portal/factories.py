"""A factory base for registers, shared by the apps' factories."""

import factory
import reversion


class RegisterFactory(factory.django.DjangoModelFactory):
    """A register row made as the portal makes one: with its first reversion
    version, so that ``trail verify`` holds the row against it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with reversion.create_revision():
            return super()._create(model_class, *args, **kwargs)
