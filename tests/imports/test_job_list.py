"""The import page's list of jobs sorts by each column, pages with its count and shows only the
province's jobs.

Given three jobs of Quảng Ninh (and one of Lào Cai), when the provincial officer opens /imports/ with a
sort, then the jobs come in that order; with more jobs than a page, page 2 holds the rest.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.imports.models import ImportJob, ImportKind, ImportStatus
from ocop.imports.views import JOBS_PAGE
from tests.factories import province
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text, row_ids

pytestmark = pytest.mark.django_db


def job(user, *, day: int, kind=ImportKind.PRODUCERS, status=ImportStatus.DONE, name="tep.xlsx", rows=1, where=22):
    created = ImportJob.objects.create(
        kind=kind,
        status=status,
        created_by=user,
        province=province(where),
        original_name=name,
        file=f"imports/{name}",
        total_rows=rows,
    )
    ImportJob.objects.filter(pk=created.pk).update(created_at=datetime(2026, 11, day, 3, 0, tzinfo=UTC))
    return created.pk


@pytest.fixture
def jobs(officer, world):
    return {
        "j1": job(officer, day=1, kind=ImportKind.PRODUCERS, status=ImportStatus.DONE, name="b.xlsx", rows=30),
        "j2": job(officer, day=2, kind=ImportKind.PRODUCTS, status=ImportStatus.INVALID, name="c.xlsx", rows=5),
        "j3": job(None, day=3, kind=ImportKind.CERTIFICATES, status=ImportStatus.READY, name="a.xlsx", rows=12),
        "lao_cai": job(world["users"]["other_provincial_officer"], day=4, where=15),
    }


def shown(client, officer, query: str = "") -> str:
    client.force_login(officer)
    response = client.get(f"/imports/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def names(jobs: dict, html: str) -> list[str]:
    by_pk = {pk: name for name, pk in jobs.items()}
    return [by_pk[pk] for pk in row_ids(html, "/imports/jobs/")]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["j3", "j2", "j1"]),  # the newest first
        ("at", ["j1", "j2", "j3"]),
        ("kind", ["j1", "j3", "j2"]),  # Chủ thể OCOP, Giấy chứng nhận…, Sản phẩm
        ("-kind", ["j2", "j3", "j1"]),
        ("file", ["j3", "j1", "j2"]),
        ("uploader", ["j2", "j1", "j3"]),  # the officer's two, newest first, then the one without an uploader
        ("status", ["j2", "j1", "j3"]),  # Có lỗi, Hoàn tất, Sẵn sàng ghi
        ("rows", ["j2", "j3", "j1"]),
        ("-rows", ["j1", "j3", "j2"]),
        ("password", ["j3", "j2", "j1"]),
    ],
)
def test_the_jobs_sort_by_each_column(client, officer, jobs, sort, expected):
    html = shown(client, officer, f"sort={sort}")
    assert names(jobs, html) == expected
    assert pager_text(html) == "3 lần nhập"


def test_the_header_links_keep_the_other_parameters(client, officer, jobs):
    html = shown(client, officer, "sort=rows&page=abc&lang=vi")
    assert names(jobs, html) == ["j2", "j3", "j1"]
    links = header_links(html)
    assert len(links) == 6
    assert links_missing(links, "lang=vi") == []


def test_page_two_holds_the_jobs_past_the_first_page(client, officer):
    pks = [job(officer, day=1 + n % 28, rows=n, name=f"{n:03}.xlsx") for n in range(JOBS_PAGE + 1)]
    html = shown(client, officer, "sort=rows&page=2")
    assert row_ids(html, "/imports/jobs/") == [pks[-1]]
    assert pager_text(html) == f"Trang 2/2 · {JOBS_PAGE + 1} lần nhập"
    assert links_missing(pager_links(html), "sort=rows") == []


def test_the_query_count_does_not_grow_with_the_rows(client, officer, jobs):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as few:
        client.get("/imports/?sort=uploader")
    for n in range(5):
        job(officer, day=10 + n)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/imports/?sort=uploader").content.decode()
    assert len(row_ids(html, "/imports/jobs/")) == 8
    assert len(many) == len(few)
