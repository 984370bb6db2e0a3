"""The certificate register's Excel file, built as a job (ocop.jobs): the bytes the export view used to answer."""

from django.utils import timezone

from ocop.certificates.exports import register_workbook
from ocop.certificates.forms import RegisterFilterForm
from ocop.certificates.selectors import certificate_list
from ocop.jobs.kinds import JobFile, Progress


def register_xlsx_job(user, params: dict, progress: Progress) -> JobFile:
    """`params` are the register page's filters; the certificates are those `user` sees now, in the worker."""
    progress(0, 2)
    form = RegisterFilterForm.for_user(user, params)
    certificates = certificate_list(user=user, **form.filters())
    progress(1, 2)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return JobFile(register_workbook(certificates), f"so-giay-chung-nhan-ocop-{stamp}.xlsx")
