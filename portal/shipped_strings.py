"""Strings that Django and Wagtail ship with a Chinese translation a user
should not read: half-width punctuation inside Chinese sentences ("未发布."),
garbled or wrong wording ("不允许是用空字符串" for a NUL character, "文件扩展
“html”是不被允许"), a casual register ("你", "为啥不"). Listed here only so that
`make messages` carries them into the portal's catalogues, which take
precedence over Django's and Wagtail's (LOCALE_PATHS), and are translated
there. Nothing imports this module; portal/shipped_strings.js does the same
for the admin's scripts. tests/test_translations.py fails when an upgrade
ships another such translation that this list does not correct.
"""

from django.utils.translation import gettext_noop, ngettext

SHIPPED_STRINGS = (
    # django/conf
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_noop("Boolean (Either True or False)"),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an "
        "invalid date/time."
    ),
    gettext_noop("Big (8 byte) integer"),
    gettext_noop("Boolean (Either True, False or None)"),
    gettext_noop("Slug (up to %(max_length)s)"),
    gettext_noop("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."),
    gettext_noop("Foreign Key (type determined by related field)"),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),
    gettext_noop(
        "Please correct the duplicate data for %(field_name)s which must be unique for the "
        "%(lookup)s in %(date_field)s."
    ),
    gettext_noop("Please correct the duplicate values below."),
    gettext_noop("yes,no,maybe"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("Invalid page (%(page_number)s): %(message)s"),
    gettext_noop("Central Kurdish (Sorani)"),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop("String (up to %(max_length)s)"),
    gettext_noop("String (unlimited)"),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    gettext_noop("Date (without time)"),
    gettext_noop("Date (with time)"),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist."
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("This field is required."),
    # django/contrib/auth
    gettext_noop("Set password: %s"),
    gettext_noop("Change password: %s"),
    # django/contrib/contenttypes
    gettext_noop("%(ct_name)s objects don’t have a get_absolute_url() method"),
    # wagtail
    gettext_noop("timestamp (UTC)"),
    # wagtail/admin
    gettext_noop("Publishing…"),
    gettext_noop("You cannot assign this workflow to the same page multiple times."),
    gettext_noop("Your username (in case you've forgotten):"),
    gettext_noop("Signing in…"),
    gettext_noop("Saving…"),
    gettext_noop("Yes, move these pages"),
    gettext_noop("No, don't move"),
    gettext_noop("Yes, convert it"),
    gettext_noop("No, leave it as an alias"),
    gettext_noop("Publishing this page will cancel the current workflow."),
    gettext_noop("Would you still like to publish this page?"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Locale: "),
    gettext_noop("Page visibility: "),
    gettext_noop("Creating…"),
    gettext_noop("'%(object)s' unpublished."),
    gettext_noop("Loading"),
    # wagtail/images
    gettext_noop("This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."),
    gettext_noop(
        'You haven\'t uploaded any images. Why not <a href="%(wagtailimages_add_image_url)s">upload '
        "one now</a>?"
    ),
    gettext_noop("(optional)"),
    # wagtail/users
    gettext_noop("user %(id)s (deleted)"),
    gettext_noop("User '%(object)s' created."),
    gettext_noop('There are no users configured. Why not <a href="%(wagtailusers_add_url)s">add some</a>?'),
)


def _plural_strings(n):
    """Never called: makemessages extracts these calls by their syntax."""
    # django/conf
    ngettext(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        n,
    )
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        n,
    )
    ngettext(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        n,
    )
    ngettext(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        n,
    )
    ngettext(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        n,
    )
