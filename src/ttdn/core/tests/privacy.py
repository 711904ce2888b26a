"""Test helper shared by the apps' personal-data tests: after an erasure, no text column of the touched
tables may still hold the person's phone number, e-mail address or name."""

import re

from django.db import models

from ttdn.core.personal_data import Subject
from ttdn.core.text import fold

TEXT_TYPES = (models.CharField, models.TextField, models.JSONField, models.FileField)


def traces(subject: Subject, *model_classes) -> list[str]:
    """'table.column #pk' for every text value that still carries one of the subject's identifiers."""
    found = []
    for model in model_classes:
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_TYPES)]
        for row in model.objects.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                text = str(value or "")
                digits = re.sub(r"\D", "", text)
                hit = (
                    (subject.phone_key and subject.phone_key in digits)
                    or (subject.email_key and subject.email_key in text.lower())
                    or (subject.name_key and subject.name_key in fold(text))
                )
                if hit:
                    found.append(f"{model._meta.db_table}.{column} #{row[0]}")
    return found
