from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ocop.accounts.forms import LoginForm
from ocop.accounts.policy import PUBLIC, permission

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        permission(PUBLIC)(
            auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm)
        ),
        name="login",
    ),
    path("logout/", permission(PUBLIC)(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password-reset/",
        permission(PUBLIC)(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        permission(PUBLIC)(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        permission(PUBLIC)(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        permission(PUBLIC)(
            auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
]
