"""The evaluation pages' forms: POST data parsed and checked here, at the edge; the rules stay in the services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.core.forms import PlatformForm
from ocop.evaluations.models import DossierKind
from ocop.evaluations.services import REGISTRATION_FIELDS, REGISTRATION_LABELS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_WHOLE_NUMBER = {"invalid": _("Hãy nhập một số nguyên.")}
_VALID_DATE = {"invalid": _("Hãy nhập một ngày hợp lệ.")}
_CHOOSE_CHAIR_AND_SECRETARY = _("Hãy chọn chủ tịch và thư ký hội đồng.")


class DossierCreateForm(PlatformForm):
    """The producer opens a dossier for one of its products (a product they may not see is not found)."""

    product = forms.IntegerField(label=_("Sản phẩm"), min_value=1)
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=DossierKind.choices, required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or DossierKind.FIRST


class ReturnForm(PlatformForm):
    reason = forms.CharField(
        label=_("Lý do trả lại (chủ thể cần bổ sung gì)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def cleaned_reason(self) -> str:
        """The reason typed (the service refuses an empty one, naming the field)."""
        return self.cleaned_data["reason"] if self.is_valid() else ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files from one <input type="file" multiple>: a list of uploads."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items or [None]]


class EvidenceUploadForm(PlatformForm):
    file = MultipleFileField(
        label=_("Tệp"), error_messages={"required": _("Hãy chọn một tệp."), "invalid": _("Hãy chọn một tệp.")}
    )
    kind = forms.CharField(label=_("Loại minh chứng"), required=False)


class RegistrationForm(PlatformForm):
    """The registration form (Mẫu 01) of one dossier: one text field per entry, prefilled from the dossier."""

    def __init__(self, *args, registration: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key in REGISTRATION_FIELDS:
            self.fields[key] = forms.CharField(
                label=REGISTRATION_LABELS[key],
                required=False,
                max_length=500,
                initial=registration.get(key, ""),
                widget=forms.TextInput(attrs={"maxlength": 500}),
            )
        self.registration = registration

    def changes(self) -> dict[str, str]:
        """The entries whose value differs from the dossier's."""
        return {key: value for key, value in self.cleaned_data.items() if value != self.registration.get(key, "")}


class CommuneAssessmentForm(PlatformForm):
    """The commune's pre-evaluation: one option per local criterion (`c-<code>`), and a comment."""

    comment = forms.CharField(label=_("Nhận xét của xã"), required=False)

    def __init__(self, *args, local_codes, none_value: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_codes = list(local_codes)
        self.none_value = none_value
        for code in self.local_codes:
            self.fields[f"c-{code}"] = forms.CharField(label=code, required=False)

    def answers(self) -> dict[str, str | None]:
        """{criterion code: option code, or None for "none of these"} of the criteria answered."""
        found: dict[str, str | None] = {}
        for code in self.local_codes:
            value = self.cleaned_data.get(f"c-{code}")
            if value:
                found[code] = None if value == self.none_value else value
        return found


class CloseForm(PlatformForm):
    outlier_reason = forms.CharField(label=_("Ý kiến thảo luận về điểm lệch (nếu có)"), required=False)


class DecisionForm(PlatformForm):
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decided_on = forms.DateField(
        label=_("Ngày quyết định"),
        widget=_DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Ngày quyết định không hợp lệ.")},
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_decided_on(self):
        """A date in the future is refused here, beside the field, before the confirmation step (the service
        refuses it too, with the same words)."""
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("Ngày quyết định không được sau hôm nay."))
        return decided_on


class RoundOpenForm(PlatformForm):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    year = forms.IntegerField(label=_("Năm"), error_messages=_WHOLE_NUMBER)
    number = forms.IntegerField(label=_("Đợt số"), min_value=1, error_messages=_WHOLE_NUMBER)
    opens_on = forms.DateField(
        label=_("Ngày bắt đầu"), widget=_DATE, input_formats=["%Y-%m-%d"], error_messages=_VALID_DATE
    )
    closes_on = forms.DateField(
        label=_("Ngày kết thúc"), widget=_DATE, input_formats=["%Y-%m-%d"], error_messages=_VALID_DATE
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"year": today.year, "opens_on": today, "closes_on": today + datetime.timedelta(days=60)}
        )
        super().__init__(*args, **kwargs)


class CouncilForm(PlatformForm):
    """The council of a round: the eligibility of each person is the service's rule (council_form)."""

    name = forms.CharField(label=_("Tên hội đồng"), required=False)
    chair = forms.ModelChoiceField(
        label=_("Chủ tịch hội đồng"),
        queryset=User.objects.all(),
        error_messages={"required": _CHOOSE_CHAIR_AND_SECRETARY, "invalid_choice": _CHOOSE_CHAIR_AND_SECRETARY},
    )
    secretary = forms.ModelChoiceField(
        label=_("Thư ký"),
        queryset=User.objects.all(),
        error_messages={"required": _CHOOSE_CHAIR_AND_SECRETARY, "invalid_choice": _CHOOSE_CHAIR_AND_SECRETARY},
    )
    members = forms.ModelMultipleChoiceField(label=_("Thành viên"), queryset=User.objects.all(), required=False)

    def scoring_members(self) -> list[User]:
        """The members ticked, in the order of the page, without the chair and the secretary."""
        chair, secretary = self.cleaned_data["chair"], self.cleaned_data["secretary"]
        order = {str(pk): index for index, pk in enumerate(self.data.getlist("members"))}
        people = sorted(self.cleaned_data["members"], key=lambda person: order.get(str(person.pk), len(order)))
        return [person for person in people if person.pk not in (chair.pk, secretary.pk)]


class AssignForm(PlatformForm):
    dossier = forms.IntegerField(label=_("Hồ sơ"), min_value=1)


class ConflictForm(PlatformForm):
    member = forms.IntegerField(label=_("Thành viên"), min_value=1)
    product = forms.IntegerField(label=_("Sản phẩm"), min_value=1)
    reason = forms.CharField(
        label=_("Lý do trả lại (chủ thể cần bổ sung gì)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
