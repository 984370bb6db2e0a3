"""Search: the same rules on SQLite FTS5 and PostgreSQL full text, over folded text."""

import pytest
from django.core.management import call_command

from ocop.catalog.forms import CatalogFilters
from ocop.catalog.models import SearchDocument
from ocop.catalog.search import fold_for_index, query_tokens, search_products
from ocop.catalog.services import search_index_heal, search_index_refresh, search_index_stale
from ocop.products.services import product_archive, product_update
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def found(query: str, **filters) -> set[int]:
    return set(search_products(query, CatalogFilters(**filters) if filters else None, limit=50).ids)


def test_folding_drops_marks_d_and_punctuation():
    assert fold_for_index("Chả mực Hạ Long – Đặc sản!") == "cha muc ha long dac san"
    assert query_tokens("  ĐẶC   sản ") == ["dac", "san"]
    assert query_tokens("!!!") == []


def first(query: str) -> int | None:
    ids = search_products(query).ids
    return ids[0] if ids else None


def test_named_queries_find_their_products(catalogue):
    # The producer of Chả mực Hạ Long is "Công ty Chả mực …" in Phường Hạ Long: its other products
    # match too, ranked after the product whose name matches.
    assert first("cha muc ha long") == catalogue["cha_muc"].pk
    assert first("dac san") == catalogue["dac_san"].pk
    assert found("dac san") == {catalogue["dac_san"].pk}
    assert found("tra hoa vang") == {catalogue["tra_ba_che"].pk, catalogue["tra_quy_hoa"].pk}
    assert found("Trà hoa vàng") == found("tra hoa vang")


def test_last_word_is_a_prefix_for_search_as_you_type(catalogue):
    assert found("tra hoa va") == {catalogue["tra_ba_che"].pk, catalogue["tra_quy_hoa"].pk}
    assert catalogue["cha_muc"].pk in found("cha m")  # one letter is already a prefix
    assert found("tra hoa vang quy") == {catalogue["tra_quy_hoa"].pk}
    assert found("hoa tra") == found("tra hoa")  # every word must match, in any order


def test_english_names_producer_places_and_sets_are_searched(catalogue):
    assert found("golden camellia") == {catalogue["tra_ba_che"].pk, catalogue["tra_quy_hoa"].pk}
    assert found("quang duc") == {catalogue["tra_quy_hoa"].pk}  # the producer's commune
    assert found("thuy san") == {catalogue["cha_muc"].pk, catalogue["dac_san"].pk, catalogue["muc_kho"].pk}
    assert found("lao cai") == {catalogue["lao_cai"].pk}  # the province


def test_only_public_products_are_found(catalogue):
    assert catalogue["idea"].pk not in found("cha muc")  # an idea is not in the catalogue


def test_ranking_puts_the_name_before_the_description(catalogue):
    other = ProductFactory(producer=catalogue["cha_muc"].producer, name_vi="Nem chua", description_vi="Ăn kèm chả mực")
    search_index_refresh(product_ids=[other.pk])
    results = search_products("nem chua cha muc")
    assert results.ids == [other.pk]
    results = search_products("cha muc")
    assert results.ids[0] == catalogue["cha_muc"].pk
    assert results.hits[0].rank > results.hits[-1].rank


def test_short_queries_are_not_corrected(catalogue):
    results = search_products("cha bo")  # no word starts with "bo"; "cha muc" is not close enough
    assert (results.ids, results.corrected) == ([], False)


def test_typo_fallback(catalogue):
    results = search_products("cha muk ha long")
    assert results.ids[0] == catalogue["cha_muc"].pk
    assert results.corrected is True
    assert first("cha muc ha lon") == catalogue["cha_muc"].pk


def test_real_typos_find_what_the_right_spelling_finds_on_every_backend(catalogue):
    cases = {
        "cha muk": "cha muc",  # c/k sound the same, in a three-letter word
        "cha muc ha lonh": "cha muc ha long",  # a different letter, in a four-letter word
        "tra hoa vnag": "tra hoa vang",  # two neighbouring letters swapped
        "tra hao vang": "tra hoa vang",  # ...even in a three-letter word
        "mat ong bac ha lao cia": "mat ong bac ha lao cai",
        "golden camelia": "golden camellia",  # a letter missing
    }
    for typo, right in cases.items():
        expected = set(search_products(right).ids)
        results = search_products(typo)
        assert (typo, set(results.ids), results.corrected) == (typo, expected, True)
        assert expected
    assert first("cha muk") == catalogue["cha_muc"].pk
    assert set(search_products("tra hoa vnag").ids) == {catalogue["tra_ba_che"].pk, catalogue["tra_quy_hoa"].pk}


def test_words_far_from_every_indexed_word_are_not_presented_as_close_spelling(catalogue):
    # "dam" is one letter from "dac" (Đặc sản) and "dau": a different syllable, not a typo
    for query in ("dam ha", "xha muc", "tra hoa vxyz"):
        results = search_products(query)
        assert (query, results.ids, results.corrected, results.total) == (query, [], False, 0)


def test_the_typing_error_budget():
    from ocop.catalog.search.spelling import alternatives, budget, typing_cost

    assert [budget(word) for word in ("ha", "muk", "vnag", "camelia", "camellias")] == [0, 0.5, 1, 1, 2]
    assert typing_cost("muk", "muc", 1) == 0.5  # c/k/q sound the same
    assert typing_cost("vnag", "vang", 1) == 0.5  # a swap
    assert typing_cost("dam", "dac", 1) == 1  # another syllable: over the three-letter budget
    assert typing_cost("lonh", "long", 1) == 1
    assert alternatives("dam", ["dac", "dau", "dan"]) == []
    assert alternatives("muk", ["muc", "mua", "muoi"]) == ["muc"]
    assert alternatives("hao", ["hoa", "hai", "ho"]) == ["hoa"]


def test_filters_restrict_the_search(catalogue):
    assert found("tra", product_set=catalogue["teas"].pk, commune=catalogue["tra_quy_hoa"].producer.commune_id) == {
        catalogue["tra_quy_hoa"].pk
    }
    assert found("cha muc", product_set=catalogue["teas"].pk) == set()


def test_paging_and_total(catalogue):
    first = search_products("tra", limit=2, offset=0)
    second = search_products("tra", limit=2, offset=2)
    assert first.total == second.total == 3  # Trà hoa vàng ×2, Trà xanh
    assert len(first.ids) == 2
    assert len(second.ids) == 1
    assert not set(first.ids) & set(second.ids)


def test_index_follows_create_update_archive(catalogue, world):
    officer = world["users"]["provincial_officer"]
    product = catalogue["cha_muc"]
    product_update(actor=officer, product=product, changes={"name_vi": "Chả cá Hạ Long"})
    search_index_refresh(product_ids=[product.pk])
    assert found("cha ca ha long") == {product.pk}
    assert found("ha long squid") == {product.pk}
    assert SearchDocument.objects.get(pk=product.pk).name_folded == "cha ca ha long ha long squid cake"

    product_archive(actor=officer, product=product)
    search_index_refresh(product_ids=[product.pk])
    assert found("cha ca") == set()
    assert not SearchDocument.objects.filter(pk=product.pk).exists()


def test_producer_change_reaches_its_products(catalogue):
    producer = catalogue["tra_quy_hoa"].producer
    producer.legal_name = "Hợp tác xã Sơn Trà"
    producer.save()
    search_index_refresh(producer_ids=[producer.pk])
    assert found("son tra") == {catalogue["tra_quy_hoa"].pk}


def test_stale_index_is_detected_and_healed(catalogue):
    new = ProductFactory(producer=catalogue["cha_muc"].producer, name_vi="Nước mắm Cái Rồng")
    renamed = catalogue["tra_xanh"]
    renamed.name_vi = "Trà móc câu Ba Chẽ"
    renamed.save()
    catalogue["muc_kho"].archived_at = renamed.updated_at
    catalogue["muc_kho"].save()

    outdated, orphans = search_index_stale()
    assert set(outdated) == {new.pk, renamed.pk}
    assert orphans == [catalogue["muc_kho"].pk]
    assert search_index_heal() == 3
    assert search_index_stale() == ([], [])
    assert found("nuoc mam cai rong") == {new.pk}
    assert found("moc cau") == {renamed.pk}
    assert found("muc kho co to") == set()


def test_reindex_command(catalogue, capsys):
    SearchDocument.objects.all().delete()
    assert found("tra hoa vang") == set()
    with pytest.raises(SystemExit):
        call_command("ocop_search_reindex", "--check")
    call_command("ocop_search_reindex")
    assert "indexed: 7" in capsys.readouterr().out
    assert found("tra hoa vang") == {catalogue["tra_ba_che"].pk, catalogue["tra_quy_hoa"].pk}
    call_command("ocop_search_reindex", "--check")


def test_the_spelling_word_list_follows_the_index(catalogue):
    from ocop.catalog.models import SearchWord

    officer = catalogue["world"]["users"]["provincial_officer"]
    product = catalogue["muc_kho"]
    assert search_products("muc mot nagn").ids == []  # "nang" is no indexed word yet
    product_update(actor=officer, product=product, changes={"name_vi": "Mực một nắng Cô Tô"})  # the hook reindexes
    results = search_products("muc mot nagn")
    assert (results.ids, results.corrected) == ([product.pk], True)
    assert SearchWord.objects.filter(word="nang").exists()
    product_archive(actor=officer, product=product)
    call_command("ocop_search_reindex", verbosity=0)  # a rebuild starts the list afresh
    assert not SearchWord.objects.filter(word="nang").exists()
    assert SearchWord.objects.filter(word="muc").exists()
