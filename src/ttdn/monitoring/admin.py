from django.contrib import admin

from .models import Article, Cluster, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "url",
        "enabled",
        "last_success_at",
        "consecutive_failures",
        "next_poll_at",
    )
    list_filter = ("kind", "enabled")
    search_fields = ("name", "url")
    readonly_fields = (
        "last_polled_at",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "next_poll_at",
        "items_seen",
        "items_new",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "source",
        "published_at",
        "relevant",
        "relevance_score",
        "sentiment",
        "rejected_reason",
    )
    list_filter = ("relevant", "sentiment", "source")
    search_fields = ("title", "url")
    exclude = ("raw_html_gz", "text_folded", "minhash")
    readonly_fields = (
        "source",
        "url",
        "url_hash",
        "canonical_url",
        "title",
        "text",
        "published_at",
        "fetched_at",
        "relevance_score",
        "relevant",
        "matched",
        "sentiment",
        "topics",
        "cluster",
        "rejected_reason",
    )

    def has_add_permission(self, request):
        return False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("title", "size", "first_seen")
    readonly_fields = ("key", "first_seen", "size")
