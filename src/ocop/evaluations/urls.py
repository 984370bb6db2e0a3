from django.urls import path

from ocop.evaluations import paper_views, views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("dossiers/new/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("dossiers/<int:pk>/sheet-result/", views.sheet_result, name="sheet_result"),
    path("dossiers/<int:pk>/registration/", views.registration_edit, name="registration_edit"),
    path("dossiers/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("dossiers/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("dossiers/<int:pk>/evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("dossiers/<int:pk>/commune/", views.commune_assessment, name="commune"),
    path("dossiers/<int:pk>/score/", views.score_sheet, name="score"),
    path("dossiers/<int:pk>/close/", views.close_page, name="close"),
    path("dossiers/<int:pk>/decision/", views.decision_page, name="decision"),
    path("dossiers/<int:pk>/papers/sheet.pdf", paper_views.sheet_pdf, name="paper_sheet"),
    path("dossiers/<int:pk>/papers/minutes.pdf", paper_views.minutes_pdf, name="paper_minutes"),
    path("dossiers/<int:pk>/<slug:action>/", views.dossier_action, name="dossier_action"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/papers/results.pdf", paper_views.round_results_pdf, name="round_results_pdf"),
    path("rounds/<int:pk>/papers/results.xlsx", paper_views.round_results_xlsx, name="round_results_xlsx"),
    path("rounds/<int:pk>/papers/decision.pdf", paper_views.round_decision_pdf, name="round_decision_pdf"),
    path("rounds/<int:pk>/papers/decision-annex.xlsx", paper_views.round_decision_xlsx, name="round_decision_xlsx"),
    path("rounds/<int:pk>/<slug:action>/", views.round_action, name="round_action"),
    path("historical/", views.historical_index, name="historical"),
    path("historical/<int:pk>/", views.historical_job, name="historical_job"),
    path("assignments/", views.assignments, name="assignments"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unread/", views.unread_badge, name="unread_badge"),
]
