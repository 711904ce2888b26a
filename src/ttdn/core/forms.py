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


class SubjectSearchForm(forms.Form):
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)

    def clean(self):
        from .personal_data import InvalidSubject, Subject

        data = super().clean()
        subject = Subject(
            phone=data.get("phone", ""), email=data.get("email", ""), full_name=data.get("full_name", "")
        )
        try:
            subject.check()
        except InvalidSubject as exc:
            message = {
                "phone": _("The phone number is not valid."),
                "email": _("The e-mail address is not valid."),
            }.get(str(exc), _("Give a phone number, an e-mail address or the person's full name."))
            raise forms.ValidationError(message) from exc
        data["subject"] = subject
        return data


class PersonalDataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"))
    requester = forms.CharField(label=_("Requested by"), max_length=300)
    received_on = forms.DateField(label=_("Received on (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    received_time = forms.TimeField(label=_("at (hh:mm)"), required=False, input_formats=["%H:%M"])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    records = forms.MultipleChoiceField(label=_("Records"), required=False)

    def __init__(self, *args, refs: list[str], **kwargs) -> None:
        from .models import DataSubjectRequest

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DataSubjectRequest.Kind.choices
        self.fields["records"].choices = [(r, r) for r in refs]


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the records and approve their erasure; this cannot be undone.")
    )
