import pytest

from ocop.geo.models import (
    Commune,
    CommuneSuccession,
    HistoricalCommune,
    HistoricalDistrict,
    HistoricalProvince,
    Province,
)
from ocop.geo.selectors import (
    UnitLookupError,
    commune_lookup,
    commune_successors,
    communes_search,
    historical_commune_lookup,
    historical_district_lookup,
    province_lookup,
)
from ocop.geo.services import geo_load

pytestmark = pytest.mark.django_db


def quang_ninh() -> Province:
    return Province.objects.get(code=22)


def test_today_units_are_the_official_two_tiers():
    assert Province.objects.count() == 34
    communes = Commune.objects.filter(province=quang_ninh())
    assert communes.count() == 54
    assert communes.filter(unit_type="ward").count() == 30
    assert communes.filter(unit_type="commune").count() == 22
    assert set(communes.filter(unit_type="special_zone").values_list("name", flat=True)) == {
        "Đặc khu Vân Đồn",
        "Đặc khu Cô Tô",
    }


def test_quang_ninh_has_its_thirteen_pre_2025_district_units():
    names = set(HistoricalDistrict.objects.filter(province=quang_ninh()).values_list("name", flat=True))
    assert names == {
        "Thành phố Hạ Long",
        "Thành phố Móng Cái",
        "Thành phố Cẩm Phả",
        "Thành phố Uông Bí",
        "Thành phố Đông Triều",
        "Thị xã Quảng Yên",
        "Huyện Bình Liêu",
        "Huyện Tiên Yên",
        "Huyện Đầm Hà",
        "Huyện Hải Hà",
        "Huyện Ba Chẽ",
        "Huyện Vân Đồn",
        "Huyện Cô Tô",
    }
    assert HistoricalCommune.objects.filter(district__province=quang_ninh()).count() == 171
    # Quảng Ninh joined no other province: its 13 districts are all of the old Tỉnh Quảng Ninh's
    assert set(
        HistoricalDistrict.objects.filter(province=quang_ninh()).values_list("old_province__name", flat=True)
    ) == {"Tỉnh Quảng Ninh"}


def test_the_whole_country_before_2025_is_loaded_with_its_succession():
    assert HistoricalProvince.objects.count() == 63
    assert HistoricalDistrict.objects.count() == 696
    assert HistoricalCommune.objects.count() == 10035
    assert CommuneSuccession.objects.count() == 10640
    # every old commune went somewhere, and every unit of today came from somewhere but the five island
    # districts that had no communes and are special zones now
    assert not HistoricalCommune.objects.filter(successors=None).exists()
    assert set(Commune.objects.filter(predecessors=None).values_list("name", flat=True)) == {
        "Đặc khu Bạch Long Vĩ",
        "Đặc khu Cồn Cỏ",
        "Đặc khu Hoàng Sa",
        "Đặc khu Lý Sơn",
        "Đặc khu Côn Đảo",
    }


def test_where_the_published_table_cannot_tell_two_names_apart_both_are_offered_as_uncertain():
    # Quảng Ngãi has a Xã Ba Tơ and a Xã Ba Tô; the table names them alike once folded
    uncertain = CommuneSuccession.objects.filter(confidence=CommuneSuccession.Confidence.UNCERTAIN)
    assert uncertain.count() == 86
    assert set(uncertain.filter(commune__province__code=51).values_list("commune__name", flat=True)) >= {
        "Xã Ba Tơ",
        "Xã Ba Tô",
    }
    assert "không phân biệt" in uncertain.first().source
    assert not HistoricalDistrict.objects.filter(old_province=None).exists()


@pytest.mark.parametrize(
    ("old_province", "today"),
    [
        ("Tỉnh Hà Giang", "Tuyên Quang"),
        ("Tỉnh Bắc Kạn", "Thái Nguyên"),
        ("Tỉnh Quảng Nam", "Thành phố Đà Nẵng"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Hải Dương", "Thành phố Hải Phòng"),
        ("Tỉnh Quảng Ninh", "Quảng Ninh"),
    ],
)
def test_each_old_province_went_whole_into_its_province_of_today(old_province, today):
    old = HistoricalProvince.objects.get(name=old_province)
    assert old.province.name == today
    assert set(old.districts.values_list("province__name", flat=True)) == {today}


@pytest.mark.parametrize(
    ("old_commune", "old_district", "today"),
    [
        ("Phường Hàng Đào", "Quận Hoàn Kiếm", {("Phường Hoàn Kiếm", "Thành phố Hà Nội")}),
        ("Phường Bến Thành", "Quận 1", {("Phường Bến Thành", "Thành phố Hồ Chí Minh")}),
        ("Phường 1", "Thành phố Vũng Tàu", {("Phường Vũng Tàu", "Thành phố Hồ Chí Minh")}),
        ("Phường Minh An", "Thành phố Hội An", {("Phường Hội An", "Thành phố Đà Nẵng")}),
        ("Phường Cái Khế", "Quận Ninh Kiều", {("Phường Cái Khế", "Thành phố Cần Thơ")}),
        ("Phường Trần Hưng Đạo", "Thành phố Hải Dương", {("Phường Hải Dương", "Thành phố Hải Phòng")}),
        (
            "Phường Hà Khẩu",
            "Thành phố Hạ Long",
            {("Phường Việt Hưng", "Quảng Ninh"), ("Phường Tuần Châu", "Quảng Ninh")},
        ),
    ],
)
def test_known_successions_in_several_provinces(old_commune, old_district, today):
    old = HistoricalCommune.objects.get(name=old_commune, district__name=old_district)
    assert set(old.successors.values_list("name", "province__name")) == today


def test_loading_twice_changes_nothing():
    tables = (HistoricalProvince, HistoricalDistrict, HistoricalCommune, CommuneSuccession, Commune)
    before = [model.objects.count() for model in tables]
    report = geo_load()
    assert (report.communes, report.historical_provinces, report.historical_communes) == (3321, 63, 10035)
    assert [model.objects.count() for model in tables] == before


@pytest.mark.parametrize(
    "typed", ["ha long", "Hạ Long", "Phường Hạ Long", "phuong ha long", "P. Hạ Long", "  HẠ   LONG "]
)
def test_today_commune_lookup_without_diacritics_or_prefix(typed):
    found = commune_lookup(typed, province=quang_ninh())
    assert (found.code, found.name) == (6688, "Phường Hạ Long")


@pytest.mark.parametrize("typed", ["TP Hạ Long", "tp ha long", "Thành phố Hạ Long", "TP. Hạ Long", "ha long"])
def test_old_city_lookup(typed):
    found = historical_district_lookup(typed, province=quang_ninh())
    assert (found.code, found.name) == (193, "Thành phố Hạ Long")


def test_old_district_lookup_by_folded_name_and_prefix():
    assert historical_district_lookup("huyen ba che").name == "Huyện Ba Chẽ"
    assert historical_district_lookup("TX Quảng Yên").name == "Thị xã Quảng Yên"
    assert historical_district_lookup("dong trieu").name == "Thành phố Đông Triều"


def test_city_prefix_does_not_match_a_ward_of_today():
    with pytest.raises(UnitLookupError, match="Không tìm thấy"):
        commune_lookup("TP Hạ Long", province=quang_ninh())


def test_special_zone_and_commune_lookups():
    assert commune_lookup("van don", province=quang_ninh()).name == "Đặc khu Vân Đồn"
    assert commune_lookup("Đặc khu Cô Tô").code == 7192
    assert commune_lookup("xa ba che").name == "Xã Ba Chẽ"


def test_unknown_name_says_what_was_not_found():
    with pytest.raises(UnitLookupError) as caught:
        commune_lookup("Phường Không Có", province=quang_ninh())
    assert "Phường Không Có" in str(caught.value)


def test_ambiguous_name_lists_the_candidates():
    # "Tân Thành" is a commune name in many provinces: without a province it is ambiguous.
    with pytest.raises(UnitLookupError) as caught:
        commune_lookup("Tân Thành")
    assert len(caught.value.candidates) > 1
    assert "nhiều" in str(caught.value)


def test_province_lookup():
    assert province_lookup("quang ninh").code == 22
    assert province_lookup("Tỉnh Quảng Ninh").code == 22
    assert province_lookup("ha noi").name == "Thành phố Hà Nội"


def test_old_commune_maps_to_its_successor():
    dong_rui = historical_commune_lookup("Xã Đồng Rui", district=historical_district_lookup("Tiên Yên"))
    assert [c.name for c in commune_successors(dong_rui)] == ["Xã Hải Lạng"]
    # A commune split between two of today's units maps to both.
    duc_chinh = historical_commune_lookup("Phường Đức Chính")
    assert [c.name for c in commune_successors(duc_chinh)] == ["Phường An Sinh", "Phường Đông Triều"]


def test_every_unit_of_today_in_quang_ninh_has_a_predecessor_and_every_old_commune_a_successor():
    assert not Commune.objects.filter(province=quang_ninh(), predecessors__isnull=True).exists()
    assert not HistoricalCommune.objects.filter(successors__isnull=True).exists()


def test_commune_search_by_prefix_of_the_folded_name():
    names = [c.name for c in communes_search("quang", province=quang_ninh())]
    assert names == [
        "Xã Quảng Đức",
        "Xã Quảng Hà",
        "Phường Quang Hanh",
        "Xã Quảng La",
        "Xã Quảng Tân",
        "Phường Quảng Yên",
    ]
