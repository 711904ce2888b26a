from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ttdn.directory.models import Unit

from .models import Plan


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Plan document (.docx, .pdf, .txt, .md)"))
    target_plan = forms.ModelChoiceField(
        label=_("This is a revised version of"),
        queryset=Plan.objects.order_by("-year", "title"),
        required=False,
        empty_label=_("— detect automatically —"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.TTDN_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.TTDN_MAX_UPLOAD_BYTES),
                }
            )
        return upload


class TaskFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Any status")),
        ("upcoming", _("Not yet started")),
        ("ongoing", _("Within its timeframe")),
        ("ended", _("Timeframe ended")),
    ]
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, to_field_name="code"
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
