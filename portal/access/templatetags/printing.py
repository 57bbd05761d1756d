from django import template

from .. import printing

register = template.Library()


@register.simple_tag
def print_marking(record):
    """``{% print_marking record as marking %}``: the record's official marking
    (``portal/access/printing.py``), for ``print/includes/official_header.html``."""
    return printing.marking(record)
