from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article, Source


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
