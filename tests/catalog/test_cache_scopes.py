"""Cache versions per object and per province: a change stales its own pages, not the whole catalogue."""

import pytest

from ocop.catalog import cache as page_cache
from ocop.catalog.links import producer_url, product_url
from ocop.catalog.services import search_index_refresh
from ocop.products.models import Product

pytestmark = pytest.mark.django_db


def touch(product, **fields) -> None:
    """Change a row behind the catalogue's back (no hook): only a bump can show it."""
    Product.objects.filter(pk=product.pk).update(**fields)


def versions(*scopes: str) -> str:
    return page_cache.versions(scopes)


def test_a_product_change_bumps_its_page_its_producer_its_province_and_the_catalogue_only(
    catalogue, django_capture_on_commit_callbacks
):
    cha_muc, lao_cai, tra = catalogue["cha_muc"], catalogue["lao_cai"], catalogue["tra_ba_che"]
    untouched = [
        f"product:{lao_cai.pk}",
        f"product:{tra.pk}",
        f"producer:{lao_cai.producer_id}",
        f"province:{lao_cai.producer.commune.province_id}",
    ]
    before = {scope: versions(scope) for scope in untouched}
    province = cha_muc.producer.commune.province_id
    touched = [f"product:{cha_muc.pk}", f"producer:{cha_muc.producer_id}", f"province:{province}", "catalogue"]
    touched_before = {scope: versions(scope) for scope in touched}

    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(product_ids=[cha_muc.pk])

    assert {scope: versions(scope) for scope in untouched} == before
    assert [scope for scope in touched if versions(scope) == touched_before[scope]] == []


def test_other_products_pages_stay_cached_when_one_changes(catalogue, client, django_capture_on_commit_callbacks):
    cha_muc, lao_cai = catalogue["cha_muc"], catalogue["lao_cai"]
    client.get(product_url(cha_muc))
    client.get(product_url(lao_cai))
    touch(cha_muc, description_vi="Mô tả mới của chả mực")
    touch(lao_cai, description_vi="Mô tả mới của mật ong")

    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(product_ids=[cha_muc.pk])

    assert "Mô tả mới của chả mực" in client.get(product_url(cha_muc)).content.decode()
    assert "Mô tả mới của mật ong" not in client.get(product_url(lao_cai)).content.decode()  # still cached


def test_a_producer_change_stales_its_products_pages(catalogue, client, django_capture_on_commit_callbacks):
    cha_muc = catalogue["cha_muc"]
    producer = cha_muc.producer
    assert producer.legal_name in client.get(product_url(cha_muc)).content.decode()
    client.get(producer_url(producer))
    type(producer).objects.filter(pk=producer.pk).update(legal_name="Công ty Chả mực Đổi Tên")
    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(producer_ids=[producer.pk])
    assert "Công ty Chả mực Đổi Tên" in client.get(product_url(cha_muc)).content.decode()
    assert "Công ty Chả mực Đổi Tên" in client.get(producer_url(producer), follow=True).content.decode()


def test_a_list_filtered_to_another_province_keeps_its_cache(catalogue, client, django_capture_on_commit_callbacks):
    lao_cai = catalogue["lao_cai"]
    lao_cai_list = {"commune": lao_cai.producer.commune_id}
    assert "Mật ong bạc hà Lào Cai" in client.get("/catalog/san-pham/", lao_cai_list).content.decode()
    touch(lao_cai, name_vi="Mật ong đổi tên")
    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(product_ids=[catalogue["cha_muc"].pk])  # a Quảng Ninh change
    assert "Mật ong bạc hà Lào Cai" in client.get("/catalog/san-pham/", lao_cai_list).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(product_ids=[lao_cai.pk])
    assert "Mật ong đổi tên" in client.get("/catalog/san-pham/", lao_cai_list).content.decode()


def test_a_change_that_names_nothing_stales_every_page(catalogue, client, django_capture_on_commit_callbacks):
    lao_cai = catalogue["lao_cai"]
    client.get(product_url(lao_cai))
    touch(lao_cai, description_vi="Mô tả mới của mật ong")
    with django_capture_on_commit_callbacks(execute=True):
        from ocop.catalog.services import catalog_cache_bump

        catalog_cache_bump()
    assert "Mô tả mới của mật ong" in client.get(product_url(lao_cai)).content.decode()
