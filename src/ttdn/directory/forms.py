from django import forms
from django.utils.translation import gettext_lazy as _

from .models import UnitKind


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )
    on_date = forms.DateField(
        label=_("Valid on (dd/mm/yyyy)"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
