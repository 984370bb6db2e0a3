"""Catalogue fixtures: a small public catalogue with real-looking names, indexed for search."""

import pytest

from ocop.catalog.services import search_index_rebuild
from ocop.products.models import ProductStatus
from tests.factories import ProducerFactory, ProductFactory, commune, product_set


@pytest.fixture
def catalogue(world):
    """Products named after real Quảng Ninh products (details invented), the index built."""
    foods = product_set(
        1, name_vi="Thực phẩm từ thủy sản", name_en="Seafood products", group_vi="Thực phẩm", group_en="Food"
    )
    teas = product_set(2, name_vi="Chè, trà", name_en="Tea", group_vi="Đồ uống", group_en="Drinks")
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
