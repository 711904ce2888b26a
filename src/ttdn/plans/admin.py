from django.contrib import admin

from .models import Assignment, Mention, Plan, PlanImport, Task


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


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ("unit",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "plan", "start", "end", "withdrawn_at")
    list_filter = ("plan",)
    search_fields = ("code", "title")
    inlines = [MentionInline, AssignmentInline]


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "uploaded_by", "uploaded_at", "plan")
    list_filter = ("status",)
    readonly_fields = ("sha256", "size", "parsed", "error")
