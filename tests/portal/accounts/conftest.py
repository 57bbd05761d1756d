# The access tests' small organisation (one record per level, one person per
# way of relating to them), for the superuser tests.
from tests.portal.access.conftest import built_world, world  # noqa: F401
