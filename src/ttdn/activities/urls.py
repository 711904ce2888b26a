from django.urls import path, re_path

from . import views
from .views import border, budget, directives, press, public, training

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    # training
    path("courses/", training.course_list, name="course_list"),
    path("courses/new/", training.course_create, name="course_create"),
    path("courses/<id:course_id>/", training.course_detail, name="course_detail"),
    path("courses/<id:course_id>/add/<slug:what>/", training.course_add, name="course_add"),
    path("courses/<id:course_id>/badges/", training.badges, name="badges"),
    path("courses/<id:course_id>/certificates/", training.certificates_zip, name="certificates_zip"),
    path("courses/<id:course_id>/documents/<uuid:token>/", training.course_document, name="course_document"),
    path(
        "courses/<id:course_id>/documents/<uuid:token>/file/",
        training.course_document_file,
        name="course_document_file",
    ),
    path("materials/<id:material_id>/", training.material_download, name="material_download"),
    re_path(
        r"^participants/(?P<participant_id>[0-9]+)/certificate\.(?P<fmt>docx|pdf)$",
        training.certificate,
        name="certificate",
    ),
    path("checkin/<str:token>/", training.checkin, name="checkin"),
    # public (token-only)
    path("r/<str:token>/", public.register, name="register"),
    path("badge/<str:token>/", public.badge, name="badge"),
    path("survey/<str:token>/", public.survey, name="survey"),
    # budget
    path("budget/", budget.estimate_list, name="estimate_list"),
    path("budget/<id:estimate_id>/", budget.estimate_detail, name="estimate_detail"),
    path("budget/<id:estimate_id>/<slug:what>/", budget.estimate_action, name="estimate_action"),
    path("budget/plan/<id:plan_id>/", budget.budget_summary, name="budget_summary"),
    # press
    path("visits/", press.visit_list, name="visit_list"),
    path("visits/<id:visit_id>/", press.visit_detail, name="visit_detail"),
    path("events/", press.event_list, name="event_list"),
    path("events/calendar.ics", press.event_ical, name="event_ical"),
    path("events/<id:event_id>/coverage/", press.event_coverage, name="event_coverage"),
    path("content/", press.content_list, name="content_list"),
    path("agreements/", press.agreement_list, name="agreement_list"),
    path("agreements/<id:agreement_id>/", press.agreement_edit, name="agreement_edit"),
    path("journalists/", press.journalist_list, name="journalist_list"),
    path("journalists/<id:journalist_id>/", press.journalist_edit, name="journalist_edit"),
    path("publications/", press.publication_list, name="publication_list"),
    path("publications/<id:publication_id>/", press.publication_edit, name="publication_edit"),
    path("publications/<id:publication_id>/file/", press.publication_file, name="publication_file"),
    path("publications/<id:publication_id>/status/", press.publication_status, name="publication_status"),
    # border clusters
    path("clusters/", border.cluster_list, name="cluster_list"),
    path("clusters/<id:cluster_id>/", border.cluster_detail, name="cluster_detail"),
    path("clusters/<id:cluster_id>/<slug:what>/", border.cluster_action, name="cluster_action"),
    re_path(
        r"^clusters/(?P<cluster_id>[0-9]+)/playlist\.(?P<fmt>csv|json)$",
        border.playlist_export,
        name="playlist_export",
    ),
    # directives
    path("directives/", directives.directive_list, name="directive_list"),
    path("directives/<id:directive_id>/draft/", directives.directive_draft, name="directive_draft"),
]
