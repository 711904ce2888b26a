from django import forms
from django.utils.translation import gettext_lazy as _

from ttdn.core.forms import classification_form_field, limit_levels
from ttdn.core.models import User
from ttdn.directory.models import Unit

from .analysis.topics import TOPIC_NAMES
from .models import Article, Case, CaseEvidence, DigestSubscription, Source

_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.CharField(label=_("Feed or page address"), max_length=1000)
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices, initial=Source.Kind.RSS)


class StreamFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sentiment = forms.ChoiceField(
        label=_("Tone"), required=False, choices=[("", _("All tones")), *Article.Sentiment.choices]
    )
    topic = forms.CharField(label=_("Topic"), required=False)
    source = forms.ModelChoiceField(
        label=_("Source"), required=False, queryset=Source.objects.all(), empty_label=_("All sources")
    )
    relevant = forms.BooleanField(label=_("Relevant only"), required=False, initial=True)
    since = forms.DateField(label=_("From"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    until = forms.DateField(label=_("To"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    cluster = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DigestForm(forms.Form):
    last = forms.DateField(label=_("Up to (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    span = forms.ChoiceField(
        label=_("Covering"), choices=[("week", _("the last 7 days")), ("day", _("that day"))]
    )
    output = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX (Word)"), ("pdf", "PDF")])


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    claim = forms.CharField(label=_("Claim being checked"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"), required=False, input_formats=_DATE_FORMATS)
    classification = classification_form_field()

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)


class CaseAssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Officer in charge"),
        required=False,
        queryset=User.objects.filter(is_active=True).order_by("username"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit in charge"), required=False, queryset=Unit.objects.order_by("name")
    )
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"), required=False, input_formats=_DATE_FORMATS)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseEvidence.Kind.choices)
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.CharField(label=_("Address (optional)"), required=False, max_length=1000)
    classification = classification_form_field()

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)


class StatementForm(forms.Form):
    statement_url = forms.CharField(label=_("Address of the published statement"), max_length=1000)
    ministry_notified = forms.BooleanField(label=_("The ministry has been notified"), required=False)


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Case.Status.choices)
    verdict = forms.ChoiceField(label=_("Label"), choices=Case.Verdict.choices, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class DigestSubscribeForm(forms.Form):
    spans = forms.MultipleChoiceField(
        label=_("Send me the digest by e-mail"),
        required=False,
        choices=DigestSubscription.Span.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class SocialImportForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.filter(kind=Source.Kind.SOCIAL).order_by("name")
    )
    file = forms.FileField(label=_("Export file (CSV or JSON, UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError(_("The file must be a .csv or .json export."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB; split the export."))
        return upload


class TopicCorrectionForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        required=False,  # "none of these" is a correction too
        choices=list(TOPIC_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
