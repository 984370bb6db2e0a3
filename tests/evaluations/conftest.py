"""Evaluation fixtures: the criteria loaded once per test database, a tea product, a council."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ocop.criteria.models import ProductSet
from ocop.criteria.selectors import sheet_get
from ocop.evaluations.models import EvaluationRound
from ocop.evaluations.services import council_form, round_open
from tests.criteria.helpers import best_answers
from tests.factories import ProductFactory, make_user, province

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# A ★4 sheet on set 12 (teas from other plants): the best options except these (criterion → option).
STAR4_OVERRIDES = {
    "1.3": "1.3-2",
    "1.4": "1.4-3",
    "2.2": "2.2-3",
    "4.1": "4.1-3",
    "4.3": "4.3-4",
    "5.1": "5.1-4",
    "5.3": "5.3-2",
    "7.1": "7.1-3",
    "9.1": "9.1-4",
    "10.1": "10.1-1",
    "11.1": "11.1-1",
}
LOCAL_ANSWERS = {"1.1": "1.1-3", "2.1": "2.1-4", "3.3": "3.3-2", "5.2": "5.2-4"}


@pytest.fixture(scope="session")
def criteria_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("ocop_criteria_load", verbosity=0)


@pytest.fixture
def tea_set(criteria_loaded, db) -> ProductSet:
    return ProductSet.objects.select_related("version").get(version__code="QD148", number=12)


@pytest.fixture
def sheet(tea_set):
    return sheet_get(product_set=tea_set)


def star4_answers(sheet, **changes) -> dict[str, str | None]:
    answers = best_answers(sheet)
    answers.update(STAR4_OVERRIDES)
    answers.update(changes)
    return answers


def as_payload(answers: dict, **extra) -> str:
    return json.dumps({"answers": [{"criterion": c, "option": o} for c, o in answers.items()], **extra})


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def people(world):
    """The world's users plus a council: chair (the world's council member), two members, a secretary."""
    qn = province(22)
    users = dict(world["users"])
    users["chair"] = users["council_member"]
    users["member2"] = make_user("council_member", province=qn, email="m2@example.test")
    users["member3"] = make_user("council_member", province=qn, email="m3@example.test")
    users["secretary"] = make_user("council_member", province=qn)
    users["outsider_member"] = make_user("council_member", province=qn)
    return users


@pytest.fixture
def tea(world, tea_set):
    return ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng thử nghiệm", product_set=tea_set)


@pytest.fixture
def round_with_council(people, tea_set):
    round_ = round_open(
        actor=people["provincial_officer"],
        year=2026,
        number=1,
        name="Đợt 1 năm 2026",
        criteria_version=tea_set.version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    council_form(
        actor=people["provincial_officer"],
        round_=round_,
        name="Hội đồng đánh giá đợt 1",
        chair=people["chair"],
        members=[people["member2"], people["member3"]],
        secretary=people["secretary"],
    )
    return EvaluationRound.objects.get(pk=round_.pk)
