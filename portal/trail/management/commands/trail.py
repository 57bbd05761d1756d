import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.trail import chain, signing
from portal.trail.checkpoints import create_checkpoint, prove
from portal.trail.checks import verify
from portal.trail.context import system_actor
from portal.trail.exporting import export_lines
from portal.trail.sealing import seal
from portal.trail.status import record_verification


class Command(BaseCommand):
    help = gettext_lazy("Verify, checkpoint, export and prove the sealed trail.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help=gettext_lazy("Check the whole trail; exit 1 at the first problem."))
        sub.add_parser("checkpoint", help=gettext_lazy("Seal and sign a checkpoint now."))
        sub.add_parser("seal", help=gettext_lazy("Seal pending events now."))
        export = sub.add_parser("export", help=gettext_lazy("Write events and checkpoints as JSON lines."))
        export.add_argument("--since", type=int, default=1, help=gettext_lazy("First sequence number."))
        proof = sub.add_parser("prove", help=gettext_lazy("Inclusion proof of one event (JSON)."))
        proof.add_argument("seq", type=int)
        sub.add_parser("public-key", help=gettext_lazy("Print the public key that checks signatures."))

    def handle(self, *args, action, **options):
        with system_actor(f"trail {action}"):
            return getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_verify(self, **options):
        seal()
        report = verify()
        record_verification(report)
        if report.ok:
            self.stdout.write(f"OK {report.events} events, head {report.head}")
            return
        for problem in report.problems[1:20]:
            self.stderr.write(problem.describe(_))
        raise CommandError("FAIL " + report.first_problem.describe(_), returncode=1)

    def do_checkpoint(self, **options):
        checkpoint = create_checkpoint()
        if checkpoint is None:
            self.stdout.write(_("The trail is empty: nothing to sign."))
            return
        self.stdout.write(
            _("Checkpoint of %(size)s events, head %(head)s, root %(root)s")
            % {"size": checkpoint.size, "head": checkpoint.head_hash, "root": checkpoint.root_hash}
        )

    def do_seal(self, **options):
        self.stdout.write(_("Sealed %(count)s events.") % {"count": seal()})

    def do_export(self, since, **options):
        seal()
        out = sys.stdout if self.stdout._out is sys.stdout else self.stdout._out
        for line in export_lines(since):
            out.write(line + "\n")

    def do_prove(self, seq, **options):
        seal()
        try:
            proof = prove(seq)
        except LookupError:
            raise CommandError(_("There is no sealed event %(seq)s.") % {"seq": seq}) from None
        self.stdout.write(json.dumps(proof, ensure_ascii=False, indent=1))

    def do_public_key(self, **options):
        self.stdout.write(chain.b64(signing.public_key_bytes()))
