from django.urls import path, re_path

from . import views

app_name = "portal"

# Under the language prefix (/vi/, /en/, /zh-hans/), before Wagtail's catch-all page serving.
urlpatterns = [
    path("search/", views.search, name="search"),
    path("feed.xml", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("s/<id:page_id>/", views.stable_page, name="stable"),
    path("images/<id:image_id>/download/<str:size>/", views.download_image, name="download_image"),
]

# Outside the language prefix: public renditions only; originals (original_images/) have no route at all.
unprefixed = [
    re_path(r"^media/images/(?P<name>[A-Za-z0-9_.\-]+)$", views.rendition_file, name="portal_rendition"),
    # Same address as Wagtail's document view (page.video.url), matched first.
    path("documents/<id:document_id>/<str:document_filename>", views.document_file, name="portal_document"),
    path("cms/portal/translations/", views.translation_dashboard, name="portal_translation_dashboard"),
    path(
        "cms/portal/translations/<id:page_id>/review/",
        views.submit_translation_review,
        name="portal_submit_translation_review",
    ),
    path("cms/portal/glossary-check/<id:page_id>/", views.glossary_check, name="portal_glossary_check"),
]
