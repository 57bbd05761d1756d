"""A register used only by the tests of the access rule's register views,
and page types standing for record families still to come
(installed by ``portal.settings.test``)."""
