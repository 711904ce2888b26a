"""`ttdn load_demo`: what a newcomer needs to walk the whole cycle after `make run`.

Imports the 2021 Lạng Sơn plan (with today's focal unit) unless a plan exists, and creates one user per
role with a random password printed once. Running it again changes nothing.
"""

import secrets
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from ttdn.core.models import User
from ttdn.directory.models import Membership, Unit
from ttdn.plans import services
from ttdn.plans.models import Plan

SEED = Path(__file__).resolve().parents[2] / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"
FOCAL_UNIT = "so-van-hoa-the-thao-va-du-lich"  # holds the TTĐN function since 2025-07-01
DEMO_USERS = [
    # username, full name, unit, role, may import plans
    ("demo-dau-moi", "Chuyên viên cơ quan đầu mối", FOCAL_UNIT, Membership.Role.OFFICER, True),
    (
        "demo-bien-phong",
        "Chuyên viên Bộ Chỉ huy BĐBP tỉnh",
        "bo-chi-huy-bo-doi-bien-phong-tinh",
        Membership.Role.OFFICER,
        False,
    ),
    (
        "demo-chi-huy",
        "Lãnh đạo Bộ Chỉ huy BĐBP tỉnh",
        "bo-chi-huy-bo-doi-bien-phong-tinh",
        Membership.Role.LEADER,
        False,
    ),
    (
        "demo-lanh-dao-tinh",
        "Lãnh đạo UBND tỉnh",
        "ubnd-tinh-lang-son",
        Membership.Role.PROVINCE_LEADER,
        False,
    ),
]


class Command(BaseCommand):
    help = "Import the sample plan and create one demo user per role (passwords printed once)."

    @transaction.atomic
    def handle(self, *args, **options):
        from django.contrib.auth.models import Permission

        created = []
        password = secrets.token_urlsafe(9)
        focal_perms = [
            Permission.objects.get(content_type__app_label="plans", codename="add_planimport"),
            # The focal department also runs press monitoring: it adds and switches sources.
            Permission.objects.get(content_type__app_label="monitoring", codename="add_source"),
        ]
        for username, full_name, unit_code, role, may_import in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(username=username, password=password, full_name=full_name)
            Membership.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
            if may_import:
                user.user_permissions.add(*focal_perms)
            created.append(username)
        if not Plan.objects.exists():
            focal = User.objects.get(username="demo-dau-moi")
            upload = SimpleUploadedFile(SEED.name, SEED.read_bytes())
            plan_import = services.plan_import_parse(
                plan_import=services.plan_import_upload(actor=focal, uploaded_file=upload)
            )
            plan = services.plan_import_confirm(
                actor=focal, plan_import=plan_import, focal_unit=Unit.objects.get(code=FOCAL_UNIT)
            )
            self.stdout.write(f"Imported the sample plan: {plan.title} ({plan.tasks.count()} tasks)")
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo users ({', '.join(created)}) — password: {password}"))
            self.stdout.write("The password is shown only once.")
        else:
            self.stdout.write("Demo users already exist.")
