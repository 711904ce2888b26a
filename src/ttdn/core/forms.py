from django import forms
from django.utils.translation import gettext_lazy as _

from .classification import Classification

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    since = forms.DateField(label=_("From (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS)
    until = forms.DateField(label=_("To (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args, object_types: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types")), *((t, t) for t in object_types)]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


def limit_levels(field, levels) -> None:
    """Offers only the classification levels the user may give (those they are cleared for)."""
    if levels is not None:
        field.choices = [(value, label) for value, label in Classification.choices if value in levels]


def classification_form_field(**kwargs) -> forms.TypedChoiceField:
    """The mark as a select; left out of a post (older clients, scripts) it means Thường."""
    options = {
        "label": _("Classification"),
        "choices": Classification.choices,
        "coerce": int,
        "initial": Classification.NORMAL,
        "required": False,
        "empty_value": Classification.NORMAL,
    }
    return forms.TypedChoiceField(**(options | kwargs))
