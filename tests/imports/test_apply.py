"""Applying: one transaction, re-validation against the database at confirm time, job states."""

import pytest

from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.imports import services
from ocop.imports.models import ImportStatus
from ocop.producers.models import Producer
from tests.factories import ProducerFactory, commune
from tests.imports.builders import producer_row, tax_code, xlsx

pytestmark = pytest.mark.django_db


def _rows(count: int) -> list[dict]:
    return [producer_row(tax_code=tax_code(100 + n), legal_name=f"Chủ thể số {n}") for n in range(count)]


def test_a_failure_mid_apply_writes_nothing(world, officer, upload, confirm, monkeypatch):
    existing = ProducerFactory(legal_name="Cũ", tax_code=tax_code(99), commune=commune(6688))
    rows = [*_rows(3), producer_row(tax_code=tax_code(99), legal_name="Cũ", phone="0203")]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert (job.status, job.to_create, job.to_update) == (ImportStatus.READY, 3, 1)
    before = Producer.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # the producers are created and updated, then writing the audit events fails
    monkeypatch.setattr("ocop.imports.writers.AuditEvent.objects.bulk_create", fail)
    job = confirm(officer, job)

    assert job.status == ImportStatus.FAILED
    assert job.message_vi == "Ghi dữ liệu thất bại, không có bản ghi nào được ghi: RuntimeError"
    assert job.message_en == "Applying failed and no record was written: RuntimeError"
    assert Producer.objects.count() == before
    existing.refresh_from_db()
    assert existing.phone == ""
    assert not AuditEvent.objects.filter(action__startswith="producer.").exists()


def test_a_change_between_preview_and_confirm_applies_nothing(world, officer, upload, confirm):
    existing = ProducerFactory(legal_name="Cũ", tax_code=tax_code(99), commune=commune(6688), phone="1")
    job = upload(
        officer,
        "producers",
        xlsx("producers", [*_rows(2), producer_row(tax_code=tax_code(99), legal_name="Cũ", phone="2")]),
    )
    assert job.status == ImportStatus.READY
    Producer.objects.filter(pk=existing.pk).update(phone="3")  # someone edits the producer meanwhile
    before = Producer.objects.count()

    job = confirm(officer, job)

    assert job.status == ImportStatus.READY  # a fresh preview to confirm again
    assert job.message_vi == (
        "Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước. Chưa ghi gì cả: "
        "hãy xem lại bản xem trước mới rồi xác nhận lại."
    )
    assert job.preview["update"][0]["changes"][0]["old"] == "3"
    assert Producer.objects.count() == before
    job = confirm(officer, job)
    assert job.status == ImportStatus.DONE
    assert Producer.objects.count() == before + 2


def test_a_conflict_appearing_before_confirm_is_reported(world, officer, upload, confirm):
    job = upload(officer, "producers", xlsx("producers", _rows(2)))
    world["lc"].tax_code = tax_code(100)  # another province takes the first tax code meanwhile
    world["lc"].save()
    job = confirm(officer, job)
    assert job.status == ImportStatus.INVALID
    assert job.message_vi.startswith("Khi kiểm tra lại lúc ghi, tệp không còn hợp lệ")
    assert job.problems[0]["row"] == 3
    assert not Producer.objects.filter(legal_name__startswith="Chủ thể số").exists()


def test_only_a_clean_job_can_be_confirmed_once(world, officer, upload, confirm):
    job = upload(officer, "producers", xlsx("producers", [producer_row(commune="Không có")]))
    with pytest.raises(DomainError):
        services.import_job_confirm(actor=officer, job_id=job.pk)
    job = upload(officer, "producers", xlsx("producers", _rows(1)))
    job = confirm(officer, job)
    assert job.status == ImportStatus.DONE
    with pytest.raises(DomainError):
        services.import_job_confirm(actor=officer, job_id=job.pk)
    # a retried apply task does nothing
    assert services.import_job_apply(job_id=job.pk).status == ImportStatus.DONE
    assert Producer.objects.filter(legal_name="Chủ thể số 0").count() == 1


def test_progress_is_saved_while_validating_and_applying(world, officer, upload, confirm, settings, monkeypatch):
    settings.OCOP_IMPORT_PROGRESS_EVERY = 2
    seen: list[int] = []
    original = services.job_progress_save

    def record(job_id, processed):
        original(job_id, processed)
        seen.append(processed)

    monkeypatch.setattr(services, "job_progress_save", record)
    job = upload(officer, "producers", xlsx("producers", _rows(5)))
    assert seen == [2, 4, 5]
    assert (job.total_rows, job.processed_rows, job.percent) == (5, 5, 100)
    seen.clear()
    confirm(officer, job)
    assert seen == [2, 4, 5]


def test_a_change_during_apply_is_caught_by_the_locked_recheck(world, officer, upload, confirm, monkeypatch):
    existing = ProducerFactory(legal_name="Cũ", tax_code=tax_code(99), commune=commune(6688), phone="1")
    job = upload(
        officer, "producers", xlsx("producers", [producer_row(tax_code=tax_code(99), legal_name="Cũ", phone="2")])
    )
    original = services._plan

    def plan_then_someone_edits(job, *, progress):
        plan = original(job, progress=progress)
        Producer.objects.filter(pk=existing.pk).update(email="moi@example.vn")  # after re-validation, before write
        return plan

    monkeypatch.setattr(services, "_plan", plan_then_someone_edits)
    job = confirm(officer, job)
    assert job.status == ImportStatus.READY
    assert job.message_vi.startswith("Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước.")
    existing.refresh_from_db()
    assert (existing.phone, existing.email) == ("1", "moi@example.vn")
