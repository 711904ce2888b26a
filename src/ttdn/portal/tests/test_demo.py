"""The example site that `make run` loads."""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex

from ttdn.portal import demo
from ttdn.portal.models import PhotoStoryPage

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_demo_site_queues_no_reference_tasks_that_would_fail_and_records_image_use(settings):
    # Each translation step replaces a translated page's child rows; tasks queued for the replaced rows
    # used to fail in the worker on a first `make run` (12 failures, "PhotoStoryItem matching query does
    # not exist"). The site is now indexed once, after it is built.
    settings.TASKS = DB_TASKS
    demo.load()
    assert not DBTaskResult.objects.filter(task_path="wagtail.tasks.update_reference_index_task").exists()
    stories = PhotoStoryPage.objects.all()
    assert stories.count() == 3  # Vietnamese, English, Chinese
    for story in stories:
        image = story.photos.first().image
        used_by = ReferenceIndex.get_references_to(image).values_list("object_id", flat=True)
        assert str(story.pk) in set(used_by)
    # A second load leaves the existing site (and its index) alone.
    demo.load()
    assert PhotoStoryPage.objects.count() == 3
