import random

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django_otp.plugins.otp_static.models import StaticToken
from wagtail import hooks

from home import demo
from home.factories import SectionPageFactory
from home.models import HomePage, SectionPage
from portal import trail
from portal.access.deletion import disposal_authorised
from portal.access.levels import Level
from portal.accounts import two_factor
from portal.accounts.factories import DEMO_PASSWORD, DepartmentFactory, UserFactory
from portal.accounts.models import Department
from portal.trail.context import system_actor

User = get_user_model()


class Command(BaseCommand):
    help = gettext_lazy("Fill the portal with a demo organisation. Keeps existing demo data unless --reset.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help=_("Random seed for generated content."))
        parser.add_argument("--reset", action="store_true", help=_("Delete the demo data first."))

    def handle(self, *args, seed, reset, **options):
        call_command("setup_portal", verbosity=0, stdout=self.stdout)
        random.seed(seed)
        with system_actor("seed_demo"), transaction.atomic():
            if reset:
                # The demo's own records go as a whole, the way a disposal removes records.
                with disposal_authorised("seed_demo --reset"):
                    self.reset()
                trail.record("system.seed_demo_reset")
            if not Department.objects.filter(code=demo.DEPARTMENTS[0][0]).exists():
                self.create_organisation()
                # Later features add their own demo records here.
                for step in hooks.get_hooks("liuhen_seed_demo"):
                    step(seed=seed)
                trail.record(
                    "system.seed_demo",
                    details={
                        "seed": seed,
                        "departments": len(demo.DEPARTMENTS),
                        "accounts": len(demo.ACCOUNTS),
                    },
                )
        self.print_accounts()

    def reset(self):
        usernames = [row[0] for row in demo.ACCOUNTS]
        codes = [row[0] for row in demo.DEPARTMENTS]
        # Later features remove their demo records first (they refer to the
        # demo accounts and departments).
        for step in hooks.get_hooks("liuhen_reset_demo"):
            step(usernames=usernames, department_codes=codes)
        for section in SectionPage.objects.filter(depth=3, department__code__in=codes):
            section.delete()
        Department.objects.filter(code__in=codes).update(parent=None)
        Department.heads.through.objects.filter(department__code__in=codes).delete()
        User.objects.filter(username__in=usernames).delete()
        Department.objects.filter(code__in=codes).delete()

    def create_organisation(self):
        departments, users = {}, {}
        for code, name, parent in demo.DEPARTMENTS:
            departments[code] = DepartmentFactory(code=code, name=name, parent=departments.get(parent))
        for username, name, title, dept, roles, heads in demo.ACCOUNTS:
            users[username] = user = UserFactory(
                username=username,
                display_name=name,
                title=title,
                department=departments.get(dept),
                roles=roles,
                backup_codes=True,
            )
            if heads:
                departments[dept].heads.add(user)
        home = HomePage.objects.get()
        for code, _name, parent in demo.DEPARTMENTS:
            if parent:
                continue
            department = departments[code]
            # The folders are open to every employee; the records inside are not.
            folder = {"department": department, "show_in_menus": True, "confidentiality": Level.PUBLIC}
            section = SectionPageFactory(parent=home, title=department.name, **folder)
            topics = [SectionPageFactory(parent=section, title=str(topic), **folder) for topic in demo.TOPICS]
            self.create_records(topics[1], demo.RECORDS.get(code), users)

    def create_records(self, folder, records, users):
        """Records at every confidentiality level (README, "Access")."""
        if records is None:
            return
        author, rows = records
        for title, level, named in rows:
            SectionPageFactory(
                parent=folder,
                title=title,
                intro=f"<p>{title}（演示记录）。</p>",
                department=folder.department,
                confidentiality=level,
                owner=users[author],
                # Named on the record as it is made: its published revision names them.
                participants=[users[name] for name in named],
            )

    def print_accounts(self):
        headers = [
            _("User name"),
            pgettext("person", "Name"),
            _("Roles"),
            _("Department"),
            _("Password"),
            _("Backup codes"),
        ]
        rows = []
        for username, *_rest in demo.ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)[:2])
            if len(codes) < 2:
                codes = two_factor.issue_backup_codes(user)[:2]
            roles = "、".join(user.groups.values_list("name", flat=True))
            rows.append(
                [
                    username,
                    user.display_name,
                    roles,
                    str(user.department or "—"),
                    DEMO_PASSWORD,
                    " ".join(codes),
                ]
            )
        self.stdout.write(format_table(headers, rows))


def _width(text):
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers, rows):
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            str(c) + " " * (w - _width(str(c))) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])
