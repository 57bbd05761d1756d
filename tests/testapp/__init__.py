"""A register used only by the tests of the access rule's register views
(installed by ``portal.settings.test``)."""
