from django.tasks import task

from .models import Source
from .services import poll_due_sources, poll_sources


@task()
def poll_source_task(source_id: int) -> str:
    source = Source.objects.get(pk=source_id)
    return poll_sources(sources=[source])[0].summary()


@task()
def poll_due_sources_task() -> int:
    return len(poll_due_sources())
