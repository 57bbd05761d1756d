import pytest

from home.factories import SectionPageFactory
from portal.access.levels import Level


@pytest.fixture
def section(home_page, department):
    return SectionPageFactory(
        parent=home_page,
        title="行政办公室",
        slug="admin-office",
        department=department,
        confidentiality=Level.PUBLIC,
    )


def chapters_form_data(chapters):
    """Admin form data of a policy body: ``[(heading, [clause html, …]), …]``."""
    from wagtail.test.utils.form_data import rich_text

    data = {"body-count": len(chapters)}
    for i, (heading, clauses) in enumerate(chapters):
        prefix = f"body-{i}"
        data |= {
            f"{prefix}-type": "chapter",
            f"{prefix}-deleted": "",
            f"{prefix}-order": i,
            f"{prefix}-id": "",
        }
        data[f"{prefix}-value-heading"] = heading
        data[f"{prefix}-value-clauses-count"] = len(clauses)
        for j, clause in enumerate(clauses):
            clause_prefix = f"{prefix}-value-clauses-{j}"
            data |= {
                f"{clause_prefix}-value": rich_text(clause),
                f"{clause_prefix}-deleted": "",
                f"{clause_prefix}-order": j,
                f"{clause_prefix}-id": "",
            }
    return data


@pytest.fixture
def english_client(verified_client):
    """``english_client(user)``: a verified client whose user reads the
    portal in English (the msgids), so assertions hold in any translation state."""

    def make(user):
        client = verified_client(user)
        client.post("/accounts/language/", {"language": "en", "next": "/"})
        return client

    return make
