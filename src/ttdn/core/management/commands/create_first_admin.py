import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from ttdn.core import audit
from ttdn.core.models import User


class Command(BaseCommand):
    help = "Create the first administrator with a random password, printed once. Does nothing if one exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    @transaction.atomic
    def handle(self, *args, username: str, **options):
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator already exists; no new login created.")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        audit.record(actor=None, action="user.create_first_admin", obj=user)
        self.stdout.write(self.style.SUCCESS(f"First admin login — user: {username}  password: {password}"))
        self.stdout.write("This password is shown only once. Change it after logging in.")
