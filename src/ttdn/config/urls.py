from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from ttdn.core import views as core_views
from ttdn.core.converters import IdConverter

# Before the apps' URL confs are included: they name their ids <id:…>.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("directory/", include("ttdn.directory.urls")),
    path("plans/", include("ttdn.plans.urls")),
    path("api/", include("ttdn.api.urls")),
    path("monitoring/", include("ttdn.monitoring.urls")),
    path("outreach/", include("ttdn.outreach.urls")),
    path("activities/", include("ttdn.activities.urls")),
    path("", include("ttdn.core.urls")),
]

# --- Wagtail: the public portal (ttdn.portal) under /vi/, /en/, /zh-hans/; its editors' admin at /cms/ ---
from wagtail import urls as wagtail_urls  # noqa: E402
from wagtail.admin import urls as wagtailadmin_urls  # noqa: E402
from wagtail.documents import urls as wagtaildocs_urls  # noqa: E402

from ttdn.portal import urls as portal_urls  # noqa: E402

urlpatterns += [
    *portal_urls.unprefixed,
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
urlpatterns += i18n_patterns(
    path("", include("ttdn.portal.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
# --- end Wagtail ---
