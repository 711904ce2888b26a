from django import forms
from django.utils.translation import gettext_lazy as _

from ttdn.core.forms import classification_form_field, limit_levels
from ttdn.directory.models import Commune
from ttdn.plans.models import Task

from .models import Language, Operator

TEXT_FIELDS = [(f"text_{code.replace('-', '_')}", code, label) for code, label in Language.choices]


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    border_only = forms.BooleanField(label=_("Border communes only"), required=False)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=Commune.objects.all(),
        required=False,
        help_text=_("Empty: every commune."),
    )
    operators = forms.ModelMultipleChoiceField(
        label=_("Operators"),
        queryset=Operator.objects.all(),
        required=False,
        help_text=_("Empty: every operator."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, help_text=_("Empty: every language.")
    )
    task = forms.ModelChoiceField(
        label=_("Plan task served"), queryset=Task.objects.select_related("plan").all(), required=False
    )
    classification = classification_form_field(help_text=_("A classified campaign can never be sent by SMS."))

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)
        for name, code, label in TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                required=code == Language.VI,
                widget=forms.Textarea(attrs={"rows": 4, "data-language": code}),
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(name) or "" for name, code, _label in TEXT_FIELDS}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (phone, commune, language, consent_source, consent_date)"))


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
