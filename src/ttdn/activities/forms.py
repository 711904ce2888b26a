from django import forms
from django.utils.translation import gettext_lazy as _

from ttdn.core.forms import classification_form_field, limit_levels
from ttdn.directory.models import BorderGate, Unit, UnitKind

from .models import (
    Audience,
    Component,
    ContentItem,
    Directive,
    MediaEvent,
    Publication,
    ReporterVisit,
)

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _date(label):
    return forms.DateField(label=label, input_formats=DATE_FORMATS, widget=DateInput())


def _datetime(label):
    return forms.DateTimeField(label=label, input_formats=DATETIME_FORMATS, widget=DateTimeInput())


def current_units():
    return Unit.objects.filter(valid_to__isnull=True).order_by("name")


def press_agencies():
    return Unit.objects.filter(kind=UnitKind.PRESS, valid_to__isnull=True).order_by("name")


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.title[:90]} ({obj.plan.year})"


class CourseForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    organiser = forms.ModelChoiceField(label=_("Organising unit"), queryset=None)
    topics = forms.CharField(
        label=_("Topics (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Target audiences"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["organiser"].queryset = current_units()


class SessionForm(forms.Form):
    starts_at = _datetime(_("Starts at"))
    ends_at = _datetime(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=300)


class TrainerForm(forms.Form):
    name = forms.CharField(label=_("Trainer"), max_length=200)
    position = forms.CharField(label=_("Position and organisation"), max_length=300, required=False)


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material (PDF, Word, PowerPoint, Excel, image)"))


class InvitationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Invited unit"), queryset=None)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, initial=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = current_units()


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300)
    audience = forms.ChoiceField(label=_("You are"), choices=Audience.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 .\-]{9,15}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 9 to 15 digits.")},
    )
    # Nghị định 13/2023, Article 11: consent is an explicit act, so the box starts unticked.
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers keep my name, position, organisation, e-mail and phone number to "
            "run this course and report on training (Decree 13/2023/NĐ-CP). I may ask for a copy or for "
            "erasure at any time."
        ),
        error_messages={"required": _("Registration needs your consent to keeping these details.")},
    )

    def __init__(self, *args, audiences=None, **kwargs):
        super().__init__(*args, **kwargs)
        if audiences:
            self.fields["audience"].choices = [(k, v) for k, v in Audience.choices if k in audiences]

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number, so the organisers can reach you.")
            )
        return data


RATINGS = [(i, str(i)) for i in range(1, 6)]


class EvaluationForm(forms.Form):
    content_rating = forms.TypedChoiceField(
        label=_("How useful was the content?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    trainer_rating = forms.TypedChoiceField(
        label=_("How good were the trainers?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    organisation_rating = forms.TypedChoiceField(
        label=_("How well was the course organised?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CertificateSignerForm(forms.Form):
    signer_authority = forms.CharField(
        label=_("Signing authority line"), max_length=100, required=False, initial="KT. GIÁM ĐỐC"
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, initial="PHÓ GIÁM ĐỐC")
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100)


# --- budget ------------------------------------------------------------------------------------


class EstimateForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks


class LineForm(forms.Form):
    norm_code = forms.ChoiceField(label=_("Norm followed"), required=False)
    description = forms.CharField(label=_("Item"), max_length=300, required=False)
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=50, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2)
    unit_price = forms.DecimalField(label=_("Unit price (VND)"), min_value=0, max_digits=15, decimal_places=0)

    def __init__(self, *args, norms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_code"].choices = [("", _("— no norm —"))] + [
            (n.code, f"{n.name} (≤ {int(n.ceiling):,} đ/{n.unit})".replace(",", ".")) for n in norms.values()
        ]


class SpendingForm(forms.Form):
    spent_on = _date(_("Date"))
    amount = forms.DecimalField(label=_("Amount (VND)"), min_value=1, max_digits=17, decimal_places=0)
    description = forms.CharField(label=_("Description"), max_length=300)
    voucher = forms.CharField(label=_("Voucher number"), max_length=100, required=False)


# --- press -------------------------------------------------------------------------------------


class VisitForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    reporter = forms.CharField(label=_("Reporter"), max_length=200)
    outlet = forms.CharField(label=_("Press outlet"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100)
    starts_on = _date(_("Visit starts"))
    ends_on = _date(_("Visit ends"))
    accompanying_unit = forms.ModelChoiceField(label=_("Accompanying unit"), queryset=None)
    itinerary = forms.CharField(
        label=_("Itinerary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["accompanying_unit"].queryset = current_units()


class PermitForm(forms.Form):
    state = forms.ChoiceField(label=_("Permit"), choices=ReporterVisit.PermitState.choices)
    number = forms.CharField(label=_("Permit number"), max_length=100, required=False)


class EventForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaEvent.Kind.choices)
    starts_at = _datetime(_("Starts at"))
    ends_at = _datetime(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    coverage = forms.CharField(
        label=_("Coverage links (one per line)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["organiser"].queryset = current_units()

    def clean_coverage(self):
        urls = [u.strip() for u in self.cleaned_data["coverage"].splitlines() if u.strip()]
        validator = forms.URLField()
        for url in urls:
            validator.clean(url)
        return urls


class ContentItemForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContentItem.Kind.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=ContentItem.Language.choices, widget=forms.CheckboxSelectMultiple
    )
    published_on = _date(_("Published on"))
    url = forms.URLField(label=_("Link"), required=False)
    agency = forms.ModelChoiceField(label=_("Press agency"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["agency"].queryset = Unit.objects.filter(kind=UnitKind.PRESS, valid_to__isnull=True)


class AgreementForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    agency = forms.ModelChoiceField(label=_("Press agency"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = _date(_("Term starts"))
    ends_on = _date(_("Term ends"))
    deliverables = forms.CharField(
        label=_("Deliverables (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    value = forms.DecimalField(
        label=_("Value (VND)"), min_value=0, max_digits=17, decimal_places=0, required=False
    )

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = press_agencies()
        if tasks is None:  # editing: the task stays, rights come from it
            del self.fields["task"]
        else:
            self.fields["task"].queryset = tasks


class JournalistForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Press agency"), queryset=None)
    name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 .\-]{9,15}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 9 to 15 digits.")},
    )
    # Nghị định 13/2023: where the consent was given (a signed form, an e-mail), kept with its date.
    consent_source = forms.CharField(label=_("How consent was given"), max_length=200, required=False)
    consent_date = forms.DateField(
        label=_("Consent date"), input_formats=DATE_FORMATS, widget=DateInput(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = press_agencies()


class PublicationForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Publication.Kind.choices)
    owner_unit = forms.ModelChoiceField(label=_("Owner unit"), queryset=None)
    print_run = forms.IntegerField(label=_("Print run"), min_value=1, required=False)
    portal_url = forms.URLField(label=_("Portal page"), max_length=500, required=False)

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = current_units()
        if tasks is None:  # editing: the task stays, rights come from it
            del self.fields["task"]
        else:
            self.fields["task"].queryset = tasks


class PublicationFileForm(forms.Form):
    file = forms.FileField(label=_("Publication file (PDF, Word, PowerPoint, Excel, image)"))


class PublicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Publication.Status.choices)
    published_on = forms.DateField(
        label=_("Published on"), input_formats=DATE_FORMATS, widget=DateInput(), required=False
    )


# --- border clusters ---------------------------------------------------------------------------


class GateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        period = " – ".join(p for p in (obj.type_valid_from, obj.type_valid_to) if p)
        return f"{obj.name} ({obj.gate_type_vi}{', ' + period if period else ''})"


class ClusterForm(forms.Form):
    task = TaskChoiceField(label=_("Plan task"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    gate = GateChoiceField(label=_("Border gate"), queryset=None)
    operator = forms.ModelChoiceField(label=_("Operator unit"), queryset=None)
    commissioned_on = _date(_("In service since"))

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = current_units()
        if tasks is None:  # editing: the task (the rights) and the gate row stay
            del self.fields["task"], self.fields["gate"]
        else:
            self.fields["task"].queryset = tasks
            self.fields["gate"].queryset = BorderGate.objects.order_by("name", "type_valid_from")


class ComponentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Component.Kind.choices)
    specs = forms.CharField(label=_("Specifications"), max_length=500, required=False)
    installed_on = forms.DateField(
        label=_("Installed on"), input_formats=DATE_FORMATS, widget=DateInput(), required=False
    )


class ScheduleForm(forms.Form):
    what = forms.CharField(label=_("Scheduled work"), max_length=300)
    every_days = forms.IntegerField(label=_("Every (days)"), min_value=1)
    next_due = _date(_("Next due"))


class MaintenanceForm(forms.Form):
    done_on = _date(_("Done on"))
    work = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 2}))
    schedule = forms.ModelChoiceField(label=_("Fulfils the schedule"), queryset=None, required=False)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].queryset = cluster.schedules.all()


class IncidentForm(forms.Form):
    started_at = _datetime(_("Out of service from"))
    resolved_at = forms.DateTimeField(
        label=_("Back in service at"), input_formats=DATETIME_FORMATS, widget=DateTimeInput(), required=False
    )
    description = forms.CharField(label=_("Description"), max_length=1000)


class PlaylistForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=[("vi", _("Vietnamese")), ("zh", _("Chinese"))])
    starts_on = _date(_("Shown from"))
    ends_on = _date(_("Shown until"))
    media_url = forms.URLField(label=_("Media link"), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"), min_value=1, initial=30)


# --- directives --------------------------------------------------------------------------------


class DirectiveForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=100)
    issued_on = forms.DateField(label=_("Date issued"), input_formats=DATE_FORMATS, widget=DateInput())
    issuer = forms.CharField(label=_("Issuer"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Directive.Kind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    tasks = forms.ModelMultipleChoiceField(label=_("Plan tasks"), queryset=None)
    classification = classification_form_field()

    def __init__(self, *args, tasks, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_levels(self.fields["classification"], levels)
        self.fields["tasks"].queryset = tasks
        self.fields["tasks"].label_from_instance = lambda t: f"{t.code} · {t.title[:90]} ({t.plan.year})"


class DraftForm(forms.Form):
    body = forms.CharField(label=_("Text (one paragraph per line)"), widget=forms.Textarea(attrs={"rows": 6}))
    signer_authority = forms.CharField(label=_("Signing authority line"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100)
    recipients = forms.CharField(
        label=_("Recipients (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
