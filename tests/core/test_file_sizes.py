"""File sizes in the reader's number format (ocop.core.formatting.file_size) and the messages that use it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation

from ocop.core.formatting import file_size, file_size_lazy, interpolated_lazy
from ocop.evaluations.models import EvidenceKind
from ocop.evaluations.uploads import EVIDENCE_MAX_BYTES, check_evidence_upload
from ocop.products.forms import PhotoForm
from ocop.trade.services.common import check_upload

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "vietnamese", "english"),
    [
        (0, "0 byte", "0 bytes"),
        (1, "1 byte", "1 byte"),
        (1000, "1.000 byte", "1,000 bytes"),
        (1024, "1 KB", "1 KB"),
        (1536, "1,5 KB", "1.5 KB"),
        (850 * 1024, "850 KB", "850 KB"),
        (MB - 1, "1 MB", "1 MB"),
        (int(1.5 * MB), "1,5 MB", "1.5 MB"),
        (10 * MB, "10 MB", "10 MB"),
        (10 * MB + 1, "10,1 MB", "10.1 MB"),  # rounded up: never reads as the limit it is over
        (500 * 1024 * MB, "500 GB", "500 GB"),
        (3 * 1024 * 1024 * MB, "3 TB", "3 TB"),
        (None, "—", "—"),
    ],
)
def test_file_size_in_each_language(size, vietnamese, english):
    with translation.override("vi"):
        assert file_size(size) == vietnamese
    with translation.override("en"):
        assert file_size(size) == english


def test_one_lazy_parameter_renders_in_each_language():
    label = interpolated_lazy("tối đa %(limit)s", {"limit": file_size_lazy(int(2.5 * MB))})
    with translation.override("vi"):
        assert str(label) == "tối đa 2,5 MB"
    with translation.override("en"):
        assert str(label) == "tối đa 2.5 MB"


def test_template_filter_writes_the_evidence_size():
    template = Template("{% load ocop %}{{ size|file_size }}")
    with translation.override("vi"):
        assert template.render(Context({"size": 1572864})) == "1,5 MB"
    with translation.override("en"):
        assert template.render(Context({"size": 1572864})) == "1.5 MB"


def test_form_labels_state_the_limit_in_the_reader_format():
    with translation.override("vi"):
        assert str(PhotoForm().fields["image"].label) == "Ảnh (JPEG, PNG hoặc WebP, tối đa 8 MB)"
    with translation.override("en"):
        assert str(PhotoForm().fields["image"].label) == "Photo (JPEG, PNG or WebP, at most 8 MB)"


def _upload(size: int, name: str = "ho-so.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * (size - 9), content_type="application/pdf")


def test_evidence_over_the_limit_states_both_sizes_in_each_language():
    upload = _upload(EVIDENCE_MAX_BYTES + MB // 2)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        check_evidence_upload(upload=upload, kind=EvidenceKind.TEST_REPORT)
    assert refused.value.message_dict["file"] == ["Tệp “ho-so.pdf” có dung lượng 20,5 MB, vượt giới hạn 20 MB."]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_evidence_upload(upload=upload, kind=EvidenceKind.TEST_REPORT)
    assert refused.value.message_dict["file"] == ["The file “ho-so.pdf” is 20.5 MB, above the 20 MB limit."]


def test_trade_document_over_the_limit_names_the_limit():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_upload(_upload(10 * MB + 1), "upload")
    assert refused.value.message_dict["upload"] == ["The file is too large: 10 MB at most."]
