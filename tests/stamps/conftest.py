from datetime import date

import pytest

from ocop.stamps.services import stamp_run_create
from tests.factories import ProductFactory, make_certificate


@pytest.fixture
def certificate(world):
    product = ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Ba Chẽ", gtin="8936000000011")
    return make_certificate(product, valid_from=date(2025, 1, 15))


@pytest.fixture
def run(certificate, world):
    return stamp_run_create(
        user=world["users"]["producer"],
        certificate=certificate,
        lot_number="L2026-11",
        production_date=date(2026, 11, 20),
        best_before=date(2027, 11, 19),
        quantity=30,
        notes="Búp trà hái tại Đồn Đạc",
    )


def stamp_url(run, index: int) -> str:
    from ocop.stamps.codes import stamp_signature

    return f"/01/0{run.product.gtin}/10/{run.lot_number}/21/{run.serial(index)}?s={stamp_signature(run.pk, index)}"
