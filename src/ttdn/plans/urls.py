from django.urls import path

from .views import documents, reports, tracking

app_name = "plans"
urlpatterns = [
    path("", documents.plan_list, name="plan_list"),
    path("<id:plan_id>/", documents.plan_detail, name="plan_detail"),
    path("<id:plan_id>/dashboard/", tracking.plan_dashboard, name="plan_dashboard"),
    path("<id:plan_id>/report/", reports.consolidated_report, name="consolidated_report"),
    path("<id:plan_id>/urging/", reports.urging, name="urging"),
    path("<id:plan_id>/documents/<uuid:token>/", reports.generated_document, name="generated_document"),
    path(
        "<id:plan_id>/documents/<uuid:token>/file/",
        reports.generated_document_file,
        name="generated_document_file",
    ),
    path("<id:plan_id>/matrix.xlsx", reports.matrix_xlsx, name="matrix_xlsx"),
    path("overview/", tracking.overview, name="overview"),
    path("my/", tracking.my_work, name="my_work"),
    path("upload/", documents.plan_upload, name="plan_upload"),
    path("imports/<id:import_id>/", documents.import_preview, name="import_preview"),
    path("imports/<id:import_id>/confirm/", documents.import_confirm, name="import_confirm"),
    path("imports/<id:import_id>/discard/", documents.import_discard, name="import_discard"),
    path("imports/<id:import_id>/original/", documents.import_original, name="import_original"),
    path("units/<slug:code>/", documents.unit_tasks, name="unit_tasks"),
    path("tasks/<id:task_id>/link/", documents.task_link, name="task_link"),
    path("assignments/<id:assignment_id>/", tracking.assignment_detail, name="assignment_detail"),
    path("assignments/<id:assignment_id>/extension/", tracking.extension_request, name="extension_request"),
    path("extensions/<id:extension_id>/decide/", tracking.extension_decide, name="extension_decide"),
    path("reports/<id:report_id>/", tracking.report_detail, name="report_detail"),
    path("reports/<id:report_id>/evidence/", tracking.evidence_upload, name="evidence_upload"),
    path("reports/<id:report_id>/<slug:step>/", tracking.report_step, name="report_step"),
    path("evidence/<id:evidence_id>/", tracking.evidence_download, name="evidence_download"),
    path("notifications/", tracking.notifications, name="notifications"),
]
