"""The v1 API: every path of ../shared/API.md that exists so far."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from doorstroom.common.api.docs import ApiDocsView
from doorstroom.employees import api as employees
from doorstroom.esf import api as esf
from doorstroom.exports import api as exports
from doorstroom.intake import api as intake
from doorstroom.letters import api as letters
from doorstroom.mandates import api as mandates
from doorstroom.monitoring import api as monitoring
from doorstroom.organisations import api as organisations
from doorstroom.privacy import api as privacy
from doorstroom.referrals import api as referrals
from doorstroom.trajectories import api as trajectories

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # GET only: an OPTIONS answer has no HTML template and would be a 500.
    path(
        "docs/",
        ApiDocsView.as_view(url_name="api:schema", http_method_names=["get", "head"]),
        name="docs",
    ),
    path("organisations/", organisations.OrganisationListCreateApi.as_view()),
    path("organisations/<id:id>/", organisations.OrganisationDetailApi.as_view()),
    path("organisations/<id:id>/recognitions/", organisations.RecognitionCreateApi.as_view()),
    path("organisations/<id:id>/sites/", organisations.SiteCreateApi.as_view()),
    path("organisations/<id:id>/local-network/", organisations.LocalNetworkApi.as_view()),
    path("mandate-applications/", mandates.ApplicationListCreateApi.as_view()),
    path("mandate-applications/<id:id>/", mandates.ApplicationDetailApi.as_view()),
    path("mandate-applications/<id:id>/evidence/", mandates.EvidenceApi.as_view()),
    path(
        "mandate-applications/<id:id>/evidence/<id:evidence_id>/file/",
        mandates.EvidenceFileApi.as_view(),
    ),
    path("mandate-applications/<id:id>/receipts/", mandates.ReceiptApi.as_view()),
    path("mandate-applications/<id:id>/decision/", mandates.DecisionApi.as_view()),
    path("mandate-applications/<id:id>/letters/", letters.ApplicationLettersApi.as_view()),
    path("letters/<id:id>/pdf", letters.LetterPdfApi.as_view()),
    path("mandate-applications/<id:id>/receipts/", mandates.ReceiptApi.as_view()),
    path("mandate-applications/<id:id>/decision/", mandates.DecisionApi.as_view()),
    path("mandate-applications/<id:id>/inadmissibility/", mandates.InadmissibilityApi.as_view()),
    path("mandate-applications/<id:id>/withdrawal/", mandates.WithdrawalApi.as_view()),
    path("mandate-applications/<id:id>/letters/", letters.ApplicationLettersApi.as_view()),
    path("letters/<id:id>/pdf", letters.LetterPdfApi.as_view()),
    path("mandates/", mandates.MandateListApi.as_view()),
    path("mandates/<id:id>/", mandates.MandateDetailApi.as_view()),
    path("esf/calls/", esf.CallListCreateApi.as_view()),
    path("esf/calls/<id:id>/", esf.CallDetailApi.as_view()),
    path("esf/projects/", esf.ProjectListCreateApi.as_view()),
    path("esf/projects/<id:id>/", esf.ProjectDetailApi.as_view()),
    path("esf/projects/<id:id>/decision/", esf.ProjectDecisionApi.as_view()),
    path("employees/", employees.EmployeeListCreateApi.as_view()),
    path("employees/search/", employees.EmployeeSearchApi.as_view()),
    path("employees/<id:id>/", employees.EmployeeDetailApi.as_view()),
    path("employees/<id:id>/support-packages/", employees.SupportPackageApi.as_view()),
    path("evaluations/", employees.EvaluationCreateApi.as_view()),
    path("evaluations/<id:id>/", employees.EvaluationDetailApi.as_view()),
    path("evaluations/<id:id>/ranking/", referrals.RankingApi.as_view()),
    path("referrals/", referrals.ReferralListCreateApi.as_view()),
    path("referrals/<id:id>/", referrals.ReferralDetailApi.as_view()),
    path("referrals/<id:id>/letters/", letters.ReferralLettersApi.as_view()),
    path("trajectories/", trajectories.TrajectoryListCreateApi.as_view()),
    path("trajectories/<id:id>/", trajectories.TrajectoryDetailApi.as_view()),
    path("trajectories/<id:id>/activities/", trajectories.ActivityApi.as_view()),
    path("trajectories/<id:id>/internships/", trajectories.InternshipApi.as_view()),
    path(
        "trajectories/<id:id>/internships/<id:internship_id>/",
        trajectories.InternshipResultApi.as_view(),
    ),
    path("trajectories/<id:id>/suspensions/", trajectories.SuspensionApi.as_view()),
    path("trajectories/<id:id>/outcome/", trajectories.OutcomeApi.as_view()),
    path("monitoring/indicators/", monitoring.IndicatorsApi.as_view()),
    path("intake/emails/", intake.IntakeEmailApi.as_view()),
    path("monitoring/export.csv", exports.MonitoringCsvApi.as_view()),
    path("monitoring/export.xlsx", exports.MonitoringXlsxApi.as_view()),
    path("exports/mandates.csv", exports.MandatesCsvApi.as_view()),
    path("exports/mandates.xlsx", exports.MandatesXlsxApi.as_view()),
    path("exports/applications.csv", exports.ApplicationsCsvApi.as_view()),
    path("exports/applications.xlsx", exports.ApplicationsXlsxApi.as_view()),
    path("exports/trajectories.csv", exports.TrajectoriesCsvApi.as_view()),
    path("exports/trajectories.xlsx", exports.TrajectoriesXlsxApi.as_view()),
    path("access-log/", privacy.AccessLogListApi.as_view()),
]
