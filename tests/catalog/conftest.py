"""Catalogue fixtures: a small public catalogue with real-looking names, indexed for search."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from ocop.catalog.services import search_index_rebuild
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.criteria.models import CriteriaVersion, ProductGroup, ProductSet
from ocop.products.models import ProductStatus
from tests.factories import ProducerFactory, ProductFactory, commune


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def criteria_version() -> CriteriaVersion:
    version, _ = CriteriaVersion.objects.get_or_create(
        code="catalog-test",
        defaults={
            "name": "Bộ tiêu chí thử nghiệm",
            "legal_document": "Thử nghiệm",
            "signed_on": date(2023, 1, 1),
            "effective_from": date(2023, 1, 1),
            "max_total": Decimal("100"),
            "parts": [],
            "star_bands": [],
        },
    )
    return version


def product_set(number: int, name_vi: str, name_en: str, group_vi: str, group_en: str) -> ProductSet:
    version = criteria_version()
    group, _ = ProductGroup.objects.get_or_create(
        version=version, number=number, defaults={"code": f"g{number}", "name_vi": group_vi, "name_en": group_en}
    )
    made, _ = ProductSet.objects.get_or_create(
        version=version,
        code=f"S{number}",
        defaults={
            "group": group,
            "number": number,
            "slug": f"s{number}",
            "name_vi": name_vi,
            "name_en": name_en,
            "status": ProductSet.Status.VERIFIED,
            "max_total": Decimal("100"),
        },
    )
    return made


def certify(product, stars: int, valid_until=date(2099, 12, 31), **extra) -> Certificate:
    return Certificate.objects.create(
        number=f"C-{product.pk}-{stars}-{valid_until:%Y%m%d}",
        product=product,
        producer=product.producer,
        stars=stars,
        criteria_version=criteria_version(),
        decision_number="01/QĐ-UBND",
        decision_date=date(2024, 1, 1),
        authority_level="province",
        authority_name="UBND tỉnh Quảng Ninh",
        signer_name="Người ký thử nghiệm",
        valid_from=date(2024, 1, 1),
        valid_until=valid_until,
        status=extra.pop("status", CertificateStatus.VALID),
        **extra,
    )


@pytest.fixture
def catalogue(world):
    """Products named after real Quảng Ninh products (details invented), the index built."""
    foods = product_set(1, "Thực phẩm từ thủy sản", "Seafood products", "Thực phẩm", "Food")
    teas = product_set(2, "Chè, trà", "Tea", "Đồ uống", "Drinks")
    ba_che, quang_duc = world["qn"], ProducerFactory(legal_name="Hợp tác xã Quy Hoa", commune=commune(6931))
    ha_long = world["qn_other"]
    products = {
        "cha_muc": ProductFactory(
            producer=ha_long,
            name_vi="Chả mực Hạ Long",
            name_en="Ha Long squid cake",
            product_set=foods,
            description_vi="Chả mực giã tay từ mực tươi vùng vịnh.",
        ),
        "dac_san": ProductFactory(
            producer=ha_long,
            name_vi="Đặc sản sá sùng khô Vân Đồn",
            name_en="Van Don dried peanut worms",
            product_set=foods,
        ),
        "tra_ba_che": ProductFactory(
            producer=ba_che, name_vi="Trà hoa vàng Ba Chẽ", name_en="Ba Che golden camellia tea", product_set=teas
        ),
        "tra_quy_hoa": ProductFactory(
            producer=quang_duc,
            name_vi="Trà hoa vàng Quy Hoa",
            name_en="Quy Hoa golden camellia tea",
            product_set=teas,
        ),
        "tra_xanh": ProductFactory(
            producer=ProducerFactory(legal_name="Hộ kinh doanh Chè Ba Chẽ", commune=commune(6970)),
            name_vi="Trà xanh Ba Chẽ",
            product_set=teas,
        ),
        "muc_kho": ProductFactory(producer=ha_long, name_vi="Mực khô Cô Tô", product_set=foods, is_demo=True),
        "idea": ProductFactory(producer=ha_long, name_vi="Chả mực ý tưởng", status=ProductStatus.IDEA),
        "lao_cai": ProductFactory(producer=world["lc"], name_vi="Mật ong bạc hà Lào Cai"),
    }
    search_index_rebuild()
    return {**products, "foods": foods, "teas": teas, "world": world}
