"""Pages, exports and the Excel import, as an organiser and a producer use them."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.promotion.importing import figure_import_confirm, figure_import_create
from ocop.promotion.models import BoothSale, DailyVisits, FigureImportStatus
from ocop.promotion.selectors import upcoming_events
from ocop.promotion.services import booth_sale_record
from tests.jobs_helpers import export_through_job
from tests.promotion.builders import make_event

DAY1 = datetime.date(2025, 3, 1)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_report_page_states_the_article_growth_and_what_is_per_day(world, fairs):
    page = _client(world["users"]["central_officer"]).get(f"/promotion/events/{fairs[2].pk}/report/").content.decode()
    assert 'lượt khách <strong class="growth-up">+15,0 %</strong>' in page
    assert 'doanh thu <strong class="growth-up">+45,0 %</strong>' in page
    assert 'Doanh thu gian hàng trong tỉnh (tổng cả sự kiện) <strong class="growth-up">+28,0 %</strong>' in page
    assert "54.000" in page
    assert "10.800" in page
    assert "6.800.000.000" in page
    assert "3.900.000.000" in page
    assert 'id="day-table"' in page
    assert 'id="booth-table"' in page
    assert page.count("<svg") == 2
    assert 'role="img"' in page
    assert '<title id="chart-visits-title">' in page


def test_report_page_in_english(world, fairs):
    client = _client(world["users"]["central_officer"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = " ".join(client.get(f"/promotion/events/{fairs[2].pk}/report/").content.decode().split())
    assert "+15.0%" in page
    assert "6,800,000,000" in page
    assert "Compared with Hội chợ OCOP Quảng Ninh lần thứ 4 (6 days), per day: visits <strong" in page
    assert "In-province booth revenue (whole event)" in page
    assert "Growth/day" in page


def test_series_and_year_reports(world, fairs):
    client = _client(world["users"]["council_member"])
    series_page = client.get(f"/promotion/series/{fairs[0].pk}/").content.decode()
    assert "+45,0 %" in series_page
    assert ">IV<" in series_page
    assert ">V<" in series_page
    year_page = client.get("/promotion/years/2017/").content.decode()
    assert "Hội chợ" in year_page
    assert "chart-year-types" in year_page


def test_excel_and_pdf_exports(world, fairs, django_capture_on_commit_callbacks):
    client = _client(world["users"]["provincial_officer"])
    capture = django_capture_on_commit_callbacks
    response = export_through_job(client, capture, f"/promotion/events/{fairs[2].pk}/report.xlsx")
    assert f'filename="bao-cao-su-kien-{fairs[2].pk}.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.body))
    assert workbook.sheetnames[:3] == ["Tổng hợp", "Theo ngày", "Gian hàng"]
    days = workbook["Theo ngày"]
    assert [days.cell(7, column).value for column in (1, 2, 3, 4)] == ["Tổng", 54_000, 6_800_000_000, 3_900_000_000]
    # Visits are counts, đồng are money shown with ₫, days are date cells; each header is frozen.
    assert [days.cell(7, column).number_format for column in (2, 3, 4)] == ["#,##0", '#,##0 "₫"', '#,##0 "₫"']
    assert (days["A2"].is_date, days["A2"].number_format) == (True, "DD/MM/YYYY")
    assert days.freeze_panes == "A2"
    assert days["A1"].font.b is True
    booths = workbook["Gian hàng"]
    assert booths.freeze_panes == "C2"
    assert (booths["E1"].is_date, booths["E1"].number_format) == (True, "DD/MM/YYYY")
    summary = workbook["Tổng hợp"]
    assert (summary["B2"].is_date, summary["C2"].is_date) == (True, True)
    [revenue] = [row for row in summary.iter_rows() if row[0].value == "Doanh thu (đồng)"]
    assert (revenue[1].value, revenue[1].number_format) == (6_800_000_000, '#,##0 "₫"')
    assert revenue[3].number_format == "0.0%"
    assert (revenue[3].value, revenue[4].value) == (0.45, 0.208)  # +45,0 % per day, +20,8 % in total
    pdf = export_through_job(client, capture, f"/promotion/events/{fairs[2].pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf.body


def test_producer_enters_sales_on_the_phone_page(world, fair):
    client = _client(world["users"]["producer"])
    url = f"/promotion/booths/{fair['own'].pk}/"
    page = client.get(url).content.decode()
    assert 'inputmode="numeric"' in page
    response = client.post(url, {"day": "2025-03-02", "amount_vnd": "1.250.000", "note": ""})
    assert response.status_code == 302
    assert BoothSale.objects.get(booth=fair["own"]).amount_vnd == 1_250_000
    refused = client.post(url, {"day": "2025-03-02", "amount_vnd": "-5", "note": ""})
    assert "Doanh thu không được âm." in refused.content.decode()
    assert BoothSale.objects.get(booth=fair["own"]).amount_vnd == 1_250_000
    outside = client.post(url, {"day": "2025-03-09", "amount_vnd": "5", "note": ""})
    assert outside.status_code == 200
    assert BoothSale.objects.count() == 1


def test_organiser_enters_visits_for_several_days(world, fair):
    client = _client(world["users"]["provincial_officer"])
    response = client.post(
        f"/promotion/events/{fair['event'].pk}/visits/",
        {"day_2025-03-01": "4.100", "day_2025-03-02": "5200", "day_2025-03-03": ""},
    )
    assert response.status_code == 302
    assert list(DailyVisits.objects.order_by("day").values_list("day", "visits")) == [
        (datetime.date(2025, 3, 1), 4_100),
        (datetime.date(2025, 3, 2), 5_200),
    ]


def test_public_page_and_selector_show_upcoming_events_only(world, fair):
    upcoming = make_event(
        first_day=datetime.date.today() + datetime.timedelta(days=30), days=3, name="Hội chợ Xuân sắp tới"
    )
    assert upcoming_events(5) == [upcoming]
    page = Client().get("/promotion/events/").content.decode()
    assert "Hội chợ Xuân sắp tới" in page
    assert "Hội chợ thử nghiệm 2025" not in page
    assert "Tất cả sự kiện" not in page


def _workbook(rows: list[list], header=("Số gian hàng", "Ngày", "Doanh thu (đồng)", "Ghi chú")) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("doanh-thu.xlsx", output.getvalue())


def _checked(capture, **kwargs):
    """Upload, and let the worker check the file (the after-commit task, inline without a broker)."""
    with capture(execute=True):
        job = figure_import_create(**kwargs)
    job.refresh_from_db()
    return job


def _applied(capture, *, actor, job):
    """Confirm, and let the worker write."""
    with capture(execute=True):
        figure_import_confirm(actor=actor, job=job)
    job.refresh_from_db()
    return job


def test_import_previews_then_writes_all_rows_audited(world, fair, django_capture_on_commit_callbacks):
    officer = world["users"]["provincial_officer"]
    booth_sale_record(actor=officer, event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=100)
    upload = _workbook(
        [
            ["A01", "01/03/2025", 150, ""],
            ["A02", datetime.date(2025, 3, 1), "1.000.000", "sửa"],
            ["B01", "02/03/2025", 0, ""],
        ]
    )
    job = _checked(django_capture_on_commit_callbacks, actor=officer, event=fair["event"], kind="sales", upload=upload)
    assert (job.status, job.to_create, job.to_update, job.unchanged, job.problems) == ("ready", 2, 1, 0, [])
    assert BoothSale.objects.count() == 1  # nothing written by the preview
    audits = AuditEvent.objects.count()
    assert _applied(django_capture_on_commit_callbacks, actor=officer, job=job).status == FigureImportStatus.APPLIED
    assert sorted(BoothSale.objects.values_list("booth__number", "amount_vnd")) == [
        ("A01", 150),
        ("A02", 1_000_000),
        ("B01", 0),
    ]
    assert AuditEvent.objects.count() == audits + 4  # three rows and the import itself


def test_import_reports_every_problem_with_row_and_writes_nothing(world, fair, django_capture_on_commit_callbacks):
    other = make_event(first_day=datetime.date(2025, 4, 1), days=1, name="Sự kiện khác")
    from ocop.promotion.services import booth_create

    booth_create(
        actor=None, system=SystemCaller.DEMO, event=other, number="K01", exhibitor_name="Khác", exhibitor_province=None
    )
    upload = _workbook(
        [
            ["A01", "05/03/2025", 10, ""],
            ["A01", "01/03/2025", -10, ""],
            ["K01", "01/03/2025", 10, ""],
            ["A02", "01/03/2025", 12.5, ""],
            ["A02", "02/03/2025", 5, ""],
            ["A02", "02/03/2025", 6, ""],
        ]
    )
    job = _checked(
        django_capture_on_commit_callbacks,
        actor=world["users"]["provincial_officer"],
        event=fair["event"],
        kind="sales",
        upload=upload,
    )
    assert job.status == FigureImportStatus.INVALID
    assert [(p["row"], p["column"]) for p in job.problems] == [
        (2, "Ngày"),
        (3, "Doanh thu (đồng)"),
        (4, "Số gian hàng"),
        (5, "Doanh thu (đồng)"),
        (7, "Ngày"),
    ]
    assert (
        job.problems[0]["message_vi"] == "Ngày 05/03/2025 nằm ngoài thời gian sự kiện (từ 01/03/2025 đến 03/03/2025)."
    )
    assert job.problems[2]["message_vi"] == "Sự kiện “Hội chợ thử nghiệm 2025” không có gian hàng số K01."
    assert BoothSale.objects.count() == 0


def test_import_refuses_when_figures_changed_since_preview(world, fair, django_capture_on_commit_callbacks):
    officer = world["users"]["provincial_officer"]
    upload = _workbook([["A01", "01/03/2025", 50, ""]])
    job = _checked(django_capture_on_commit_callbacks, actor=officer, event=fair["event"], kind="sales", upload=upload)
    booth_sale_record(actor=world["users"]["producer"], event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=70)
    job = _applied(django_capture_on_commit_callbacks, actor=officer, job=job)
    assert job.status == FigureImportStatus.STALE
    assert BoothSale.objects.get().amount_vnd == 70


def test_import_template_and_wrong_file(world, fair):
    client = _client(world["users"]["provincial_officer"])
    template = client.get(f"/promotion/events/{fair['event'].pk}/import/template.xlsx?kind=sales")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    assert sheet.max_row == 2 + 3 * 3  # two header rows, three booths × three days
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].font.b is True
    assert (sheet["B3"].is_date, sheet["B3"].number_format) == (True, "DD/MM/YYYY")
    assert (sheet["C3"].value, sheet["C3"].number_format) == (None, '#,##0 "₫"')
    response = client.post(
        f"/promotion/events/{fair['event'].pk}/import/",
        {"kind": "sales", "file": SimpleUploadedFile("so-lieu.csv", b"a,b,c\n1,2,3\n")},
    )
    assert "không phải tệp Excel .xlsx" in response.content.decode()


def test_demo_is_idempotent_and_matches_the_article(db):
    from ocop.demo.loader import demo_load
    from ocop.promotion.demo import load_demo, next_spring_fair_day
    from ocop.promotion.models import Event, roman
    from ocop.promotion.reports import event_report

    demo_load()
    assert load_demo()["events_created"] == 8
    counts = (Event.objects.count(), BoothSale.objects.count(), AuditEvent.objects.count())
    assert load_demo()["events_created"] == 0
    assert (Event.objects.count(), BoothSale.objects.count(), AuditEvent.objects.count()) == counts
    fair_v = Event.objects.get(series__name="Hội chợ OCOP Quảng Ninh", edition=5)
    report = event_report(fair_v)
    assert (report.figures.visits, report.figures.revenue, report.figures.in_province_revenue) == (
        54_000,
        6_800_000_000,
        3_900_000_000,
    )
    assert [report.growth[k].per_day for k in ("visits", "revenue")] == [15, 45]
    assert report.growth["in_province_revenue"].total == 28
    today = timezone.localdate()
    spring = next_spring_fair_day(today)
    # Not ended yet: this year's fair (running today), then the next Spring fair.
    assert [(event.name, event.first_day) for event in upcoming_events(5)] == [
        (
            f"Hội chợ OCOP Quảng Ninh lần thứ {roman(today.year - 2012)} – {today.year}",
            today - datetime.timedelta(days=2),
        ),
        (f"Hội chợ OCOP Quảng Ninh – Xuân {spring.year}", spring),
    ]


def test_organiser_creates_event_booth_and_agreement_through_the_pages(world):
    from ocop.promotion.models import Booth, Event, EventAgreement

    client = _client(world["users"]["provincial_officer"])
    response = client.post(
        "/promotion/events/new/",
        {
            "event_type": "market_session",
            "name": "Phiên chợ OCOP Ba Chẽ",
            "name_en": "",
            "commune": world["qn"].commune_id,
            "venue": "Chợ Ba Chẽ",
            "first_day": "2025-06-14",
            "last_day": "2025-06-15",
            "organiser": "UBND xã Ba Chẽ",
            "description": "",
        },
    )
    event = Event.objects.get(name="Phiên chợ OCOP Ba Chẽ")
    assert response.status_code == 302
    assert (event.days, event.province.code, event.status) == (2, 22, "draft")
    client.post(f"/promotion/events/{event.pk}/booths/new/", {"number": "1", "producer": world["lc"].pk})
    booth = Booth.objects.get(event=event)
    assert (booth.exhibitor_province.code, booth.in_province) == (15, False)
    client.post(
        f"/promotion/events/{event.pk}/agreements/new/",
        {
            "kind": "contract",
            "signed_on": "2025-06-15",
            "first_party": "HTX A",
            "second_party": "Siêu thị B",
            "value_vnd": "250.000.000",
        },
    )
    assert EventAgreement.objects.get(event=event).value_vnd == 250_000_000


def test_api_report_says_which_figures_are_totals_and_which_per_day(world, fairs):
    client = _client(world["users"]["provincial_officer"])
    data = client.get(f"/api/v1/promotion/events/{fairs[2].pk}/report").json()
    assert data["figures"]["visits_total"] == 54_000
    assert data["figures"]["visits_per_day"] == 10_800
    assert data["figures"]["revenue_total_vnd"] == 6_800_000_000
    assert data["growth"]["visits"]["per_day_percent"] == "15.0"
    assert data["growth"]["revenue"]["per_day_percent"] == "45.0"
    assert data["growth"]["in_province_revenue"]["total_percent"] == "28.0"
    assert sum(row["revenue_vnd"] for row in data["day_rows"]) == 6_800_000_000
    assert sum(booth["total_vnd"] for booth in data["booths"]) == 6_800_000_000
    series = client.get(f"/api/v1/promotion/series/{fairs[0].pk}/report").json()["items"]
    assert [row["figures"]["edition"] for row in series] == [4, 5]
    year = client.get("/api/v1/promotion/reports/years/2017").json()["items"]
    assert {row["event_type"]: row["events"] for row in year}["fair"] == 1


def test_booth_page_before_the_event_starts(world):
    from ocop.promotion.services import booth_create

    event = make_event(first_day=datetime.date.today() + datetime.timedelta(days=10), days=2, name="Sắp tới")
    booth = booth_create(actor=None, system=SystemCaller.DEMO, event=event, number="A1", producer=world["qn"])
    page = _client(world["users"]["producer"]).get(f"/promotion/booths/{booth.pk}/").content.decode()
    assert "Sự kiện chưa bắt đầu" in page
    assert "Lưu doanh thu" not in page


def test_report_page_queries_do_not_grow_with_booths(world, fairs, django_assert_max_num_queries):
    client = _client(world["users"]["provincial_officer"])
    with django_assert_max_num_queries(30):
        assert client.get(f"/promotion/events/{fairs[2].pk}/report/").status_code == 200


def test_report_export_writes_user_text_as_text(world, fairs, django_capture_on_commit_callbacks):
    from tests import hostile

    event = fairs[2]
    event.organiser = hostile.STORED_CONTROL_TEXT
    event.save(update_fields=["organiser"])
    booth = event.booths.filter(producer__isnull=True).order_by("number").first()
    booth.exhibitor_name = hostile.FORMULA_TEXT
    booth.save(update_fields=["exhibitor_name"])
    client = _client(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, f"/promotion/events/{event.pk}/report.xlsx"
    )
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.body))
    summary, booths = workbook["Tổng hợp"], workbook["Gian hàng"]
    assert (summary["B3"].value, summary["B3"].data_type) == ("Mô tả\ndòng hai hết", "s")
    [row] = [row for row in booths.iter_rows() if row[0].value == booth.number]
    assert (row[1].value, row[1].data_type) == (hostile.FORMULA_TEXT, "s")
    assert not any(cell.data_type == "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
