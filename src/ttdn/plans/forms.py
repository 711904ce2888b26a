from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ttdn.core.forms import classification_form_field, limit_levels
from ttdn.directory.models import Unit

from .models import Plan, ProgressReport, ReportingPeriod


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Plan document (.docx, .pdf, .txt, .md)"))
    target_plan = forms.ModelChoiceField(
        label=_("This is a revised version of"),
        queryset=Plan.objects.order_by("-year", "title"),
        required=False,
        empty_label=_("— detect automatically —"),
    )

    unit_plan_for = forms.ModelChoiceField(
        label=_("This is my unit's own plan carrying out"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— not a unit plan —"),
    )
    classification = classification_form_field()

    def __init__(self, *args, unit_plans=None, can_import=True, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)
        if unit_plans is not None:
            self.fields["unit_plan_for"].queryset = unit_plans
        if not can_import:
            # Unit staff may only upload their own unit's plan.
            del self.fields["target_plan"]
            self.fields["unit_plan_for"].required = True
            self.fields["unit_plan_for"].empty_label = None

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


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ReportForm(forms.Form):
    """A progress report; one number field per indicator the task reports."""

    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=ReportingPeriod.objects.none())
    progress = forms.ChoiceField(label=_("Progress"), choices=ProgressReport.Progress.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100, initial=0)
    done_on = forms.DateField(
        label=_("Completed on (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS
    )
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    classification = classification_form_field()

    def __init__(self, *args, periods=None, indicators=(), levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)
        if periods is not None:
            self.fields["period"].queryset = periods
        self.indicator_codes = []
        for indicator in indicators:
            name = f"ind_{indicator.code}"
            self.indicator_codes.append((name, indicator.code))
            label = f"{indicator.name} ({indicator.unit_label})" if indicator.unit_label else indicator.name
            self.fields[name] = forms.DecimalField(label=label, required=False, min_value=0, decimal_places=2)

    def indicator_values(self) -> dict[str, object]:
        return {code: self.cleaned_data.get(name) for name, code in self.indicator_codes}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, Word, Excel, JPEG, PNG)"))
    classification = classification_form_field()

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtensionForm(forms.Form):
    requested_end = forms.DateField(label=_("New deadline (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsolidatedReportForm(forms.Form):
    """What the focal officer sets before generating the báo cáo to the People's Committee."""

    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=ReportingPeriod.objects.none())
    number = forms.CharField(label=_("Number (leave blank for the clerk)"), required=False, max_length=20)
    signer_authority = forms.CharField(
        label=_("Signing authority"), required=False, initial="KT. GIÁM ĐỐC", max_length=60
    )
    signer_title = forms.CharField(label=_("Signer's title"), initial="PHÓ GIÁM ĐỐC", max_length=60)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=100)
    difficulties = forms.CharField(
        label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    output = forms.ChoiceField(
        label=_("Format"), choices=[("docx", "DOCX (Word)"), ("pdf", "PDF")], initial="docx"
    )

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods
