"""`tacoord build_self_assessment`: build or update the self-assessment questionnaire from the article taxonomy."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from tacoord.core.errors import ApplicationError
from tacoord.questionnaires.services import SELF_ASSESSMENT_CODE, template_build_self_assessment
from tacoord.users.models import User


class Command(BaseCommand):
    help = ("Build the self-assessment on implementing the Convention and its Protocols from the articles loaded by "
            "load_reference: one group per substantive article. Safe to run again: the same version is updated in "
            "place and unchanged questions are not touched.")

    def add_arguments(self, parser):
        parser.add_argument("--code", default=SELF_ASSESSMENT_CODE)
        parser.add_argument("--template-version", type=int, default=None, dest="template_version",
                            help="Version to build or update (default: the latest, or 1).")
        parser.add_argument("--user", default=None,
                            help="User name of the secretariat officer recorded in the change log "
                                 "(default: the first superuser).")

    def handle(self, *args, code, template_version, user, verbosity, **options):
        account = (User.objects.filter(username=user).first() if user
                   else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first())
        if account is None:
            raise CommandError(f"No user {user!r}." if user else "No superuser: name a secretariat user with --user.")
        try:
            template = template_build_self_assessment(user=account, code=code, version=template_version)
        except ApplicationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"{template.code} version {template.version}: {template.questions.count()} questions and groups, "
                f"{template.choices.count()} choices."))
