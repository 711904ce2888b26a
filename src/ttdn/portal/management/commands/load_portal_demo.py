from django.core.management.base import BaseCommand

from ttdn.portal import demo


class Command(BaseCommand):
    help = "Create the portal's site tree (a home page per language, the English pages ND 42/2022 requires) and example content."

    def handle(self, *args, **options):
        home = demo.load()
        self.stdout.write(
            f"Portal: {home.get_descendants().count() + 1} pages per tree; open /vi/, /en/, /zh-hans/"
        )
