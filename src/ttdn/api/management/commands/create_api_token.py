from django.core.management.base import BaseCommand, CommandError

from ttdn.api.services import ApiTokenError, api_token_create
from ttdn.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print its key. The key is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'reporting system of Sở Y tế'")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            # Run from the server's command line: no signed-in actor (as create_first_admin).
            token, key = api_token_create(actor=None, user=user, name=name)
        except ApiTokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"API token {token.name!r} for {user.get_username()}:"))
        self.stdout.write(key)
        self.stdout.write("This key is shown only once: store it now. Only its hash is kept.")
