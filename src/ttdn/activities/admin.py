from django.contrib import admin

from . import models


class TaskLinkedAdmin(admin.ModelAdmin):
    raw_id_fields = ("task",)


class SessionInline(admin.TabularInline):
    model = models.CourseSession
    extra = 0


class TrainerInline(admin.TabularInline):
    model = models.Trainer
    extra = 0


@admin.register(models.Course)
class CourseAdmin(TaskLinkedAdmin):
    list_display = ("title", "task", "organiser", "registration_open")
    inlines = [SessionInline, TrainerInline]
    search_fields = ("title",)


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "organisation", "course", "checked_in_at")
    list_filter = ("course",)
    search_fields = ("full_name", "email", "phone")


class LineInline(admin.TabularInline):
    model = models.EstimateLine
    extra = 0


@admin.register(models.Estimate)
class EstimateAdmin(TaskLinkedAdmin):
    list_display = ("title", "task", "unit", "state")
    list_filter = ("state",)
    inlines = [LineInline]


@admin.register(models.ReporterVisit)
class VisitAdmin(TaskLinkedAdmin):
    list_display = ("reporter", "outlet", "country", "starts_on", "permit_deadline", "permit_state")


@admin.register(models.MediaEvent)
class EventAdmin(TaskLinkedAdmin):
    list_display = ("title", "kind", "starts_at")


@admin.register(models.CooperationAgreement)
class AgreementAdmin(TaskLinkedAdmin):
    list_display = ("title", "agency", "starts_on", "ends_on")


@admin.register(models.Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "position")


@admin.register(models.ContentItem)
class ContentAdmin(TaskLinkedAdmin):
    list_display = ("title", "kind", "published_on")


@admin.register(models.Publication)
class PublicationAdmin(TaskLinkedAdmin):
    list_display = ("title", "kind", "status", "owner_unit", "print_run")


class ComponentInline(admin.TabularInline):
    model = models.Component
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = models.MaintenanceSchedule
    extra = 0


@admin.register(models.Cluster)
class ClusterAdmin(TaskLinkedAdmin):
    list_display = ("name", "gate", "operator")
    inlines = [ComponentInline, ScheduleInline]


@admin.register(models.Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "issuer", "kind")
    raw_id_fields = ("tasks",)
