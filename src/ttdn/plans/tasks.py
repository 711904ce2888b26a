from django.tasks import task

from .models import PlanImport
from .services import plan_import_parse


@task()
def parse_plan_import(plan_import_id: int) -> str:
    plan_import = PlanImport.objects.get(pk=plan_import_id)
    return plan_import_parse(plan_import=plan_import).status
