from django.contrib import admin

from .models import BorderGate, Commune, CommunePredecessor, GroupPhrase, Membership, Unit, UnitGroup


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "search_text")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("successors",)


class GroupPhraseInline(admin.TabularInline):
    model = GroupPhrase
    fields = ("phrase",)
    extra = 0


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "open_set")
    search_fields = ("name", "code")
    filter_horizontal = ("explicit_members",)
    inlines = [GroupPhraseInline]


class CommunePredecessorInline(admin.TabularInline):
    model = CommunePredecessor
    extra = 0


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "gso_code", "former_district", "border")
    list_filter = ("kind", "border", "former_district")
    search_fields = ("name", "code", "gso_code")
    inlines = [CommunePredecessorInline]


@admin.register(BorderGate)
class BorderGateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "gate_type", "mode", "commune")
    list_filter = ("gate_type", "mode")
    search_fields = ("name", "code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user", "unit")
