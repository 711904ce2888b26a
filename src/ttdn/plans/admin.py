from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Assignment,
    DeadlineExtension,
    Indicator,
    Mention,
    Plan,
    PlanImport,
    ProgressReport,
    ReportingPeriod,
    ReportingSchedule,
    Task,
    TaskIndicator,
)
from .services import periods_generate, plan_touch


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("code", "title", "start", "end", "withdrawn_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "number", "year", "issuer", "focal_unit")
    list_filter = ("year", "kind")
    search_fields = ("title", "number")
    autocomplete_fields = ("focal_unit",)
    inlines = [TaskInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan_touch(form.instance.pk)  # cached plan pages are keyed on the plan's revision


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ("unit",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ("unit",)


class TaskIndicatorInline(admin.TabularInline):
    model = TaskIndicator
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "plan", "start", "end", "withdrawn_at")
    list_filter = ("plan",)
    search_fields = ("code", "title")
    inlines = [MentionInline, AssignmentInline, TaskIndicatorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan_touch(form.instance.plan_id)  # an admin edit must show on the cached plan pages at once


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "uploaded_by", "uploaded_at", "plan")
    list_filter = ("status",)
    readonly_fields = ("sha256", "size", "parsed", "error")


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(admin.ModelAdmin):
    """The reporting calendar is configuration: change it here, then regenerate the periods."""

    list_display = ("plan", "frequency", "cutoff_day", "due_days_after_cutoff")
    list_filter = ("frequency",)
    actions = ["regenerate_periods"]

    @admin.action(description=_("Regenerate the reporting periods of the selected plans"))
    def regenerate_periods(self, request, queryset):
        plans = {schedule.plan for schedule in queryset.select_related("plan")}
        created = sum(periods_generate(actor=request.user, plan=plan) for plan in plans)
        self.message_user(request, _("%(count)s periods created or moved.") % {"count": created})


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "plan", "start", "end", "cutoff", "due")
    list_filter = ("frequency",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "unit_label")


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Reports change only through the workflow (pages or API); the admin shows them."""

    list_display = ("assignment", "period", "progress", "percent", "state")
    list_filter = ("state", "progress")
    readonly_fields = [f.name for f in ProgressReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ("assignment", "current_end", "requested_end", "state", "decided_by")
    list_filter = ("state",)
    readonly_fields = [f.name for f in DeadlineExtension._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
