from django.contrib import admin

from .models import Campaign, Inbound, Operator, Subscriber, Template, TemplateVariant


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "price_per_segment",
        "smpp_host",
        "smpp_port",
        "bind_mode",
        "throughput",
        "enabled",
    ]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "operator", "commune", "language", "consent_date", "opted_out_at"]
    list_filter = ["operator", "language"]

    def has_view_permission(self, request, obj=None):
        # Phone numbers are personal data: only staff holding the dedicated permission list them.
        return request.user.has_perm("outreach.view_phone_numbers") and super().has_view_permission(
            request, obj
        )


class TemplateVariantInline(admin.TabularInline):
    model = TemplateVariant
    extra = 1


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    inlines = [TemplateVariantInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_by", "approved_by", "scheduled_at"]
    readonly_fields = ["status", "approved_by", "approved_at", "lease_until", "lease_owner"]


@admin.register(Inbound)
class InboundAdmin(admin.ModelAdmin):
    list_display = ["received_at", "operator", "action"]
