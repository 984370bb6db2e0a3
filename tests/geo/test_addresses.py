"""The address rule (ocop.geo.services.address_resolve): an old address gives today's commune from the
succession table, a split old commune asks for a choice, an inconsistent address names the units."""

import pytest
from django.utils import translation

from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict
from ocop.geo.services import Address, AddressError, SuccessionTable, address_resolve

pytestmark = pytest.mark.django_db


def old(code: int) -> HistoricalCommune:
    return HistoricalCommune.objects.get(code=code)


def district(code: int) -> HistoricalDistrict:
    return HistoricalDistrict.objects.get(code=code)


def today(code: int) -> Commune:
    return Commune.objects.get(code=code)


def resolve(*, commune=None, district_=None, old_commune=None, table=None) -> Address:
    return address_resolve(
        commune_id=commune.pk if commune else None,
        historical_district_id=district_.pk if district_ else None,
        historical_commune_id=old_commune.pk if old_commune else None,
        table=table,
    )


def test_an_old_commune_alone_gives_todays_commune_and_its_district():
    # Phường Hà Khánh (Thành phố Hạ Long) became part of Phường Cao Xanh
    address = resolve(old_commune=old(6649))
    assert address == Address(today(6658).pk, district(193).pk, old(6649).pk)
    assert resolve(district_=district(193), old_commune=old(6649)) == address


def test_a_split_old_commune_asks_to_choose_among_its_successors():
    with pytest.raises(AddressError) as refused:
        resolve(district_=district(193), old_commune=old(6655))
    error = refused.value
    assert error.field == "commune"
    assert [(unit.code, unit.name) for unit in error.successors] == [
        (6706, "Phường Tuần Châu"),
        (6661, "Phường Việt Hưng"),
    ]
    assert error.message == (
        "Phường Hà Khẩu (Thành phố Hạ Long) đã được chia cho nhiều đơn vị mới: "
        "Phường Tuần Châu (mã 6706); Phường Việt Hưng (mã 6661). Hãy chọn xã, phường hiện nay trong các đơn vị này."
    )
    with translation.override("en"):
        assert str(error.template) % error.params == (
            "Phường Hà Khẩu (Thành phố Hạ Long) was split between several of today's units: "
            "Phường Tuần Châu (code 6706); Phường Việt Hưng (code 6661). Choose today's commune or ward among them."
        )
    # Choosing one of them is accepted
    assert resolve(commune=today(6706), old_commune=old(6655)).commune_id == today(6706).pk


def test_an_old_commune_outside_the_given_old_district_is_refused():
    # Xã Thanh Sơn of Huyện Ba Chẽ, given with Thành phố Uông Bí
    thanh_son = HistoricalCommune.objects.get(name="Xã Thanh Sơn", district__name="Huyện Ba Chẽ")
    uong_bi = HistoricalDistrict.objects.get(name="Thành phố Uông Bí")
    with pytest.raises(AddressError) as refused:
        resolve(district_=uong_bi, old_commune=thanh_son)
    assert refused.value.field == "historical_commune"
    assert refused.value.message == (
        "Xã Thanh Sơn không thuộc Thành phố Uông Bí (trước 7/2025): xã này thuộc Huyện Ba Chẽ."
    )
    with translation.override("en"):
        assert str(refused.value.template) % refused.value.params == (
            "Xã Thanh Sơn was not in Thành phố Uông Bí (before 7/2025): it was in Huyện Ba Chẽ."
        )


def test_todays_commune_that_is_not_a_successor_of_the_old_commune_is_refused():
    with pytest.raises(AddressError) as refused:
        resolve(commune=today(6688), old_commune=old(6655))  # Phường Hạ Long for old Phường Hà Khẩu
    error = refused.value
    assert error.field == "commune"
    assert error.message == (
        "Phường Hạ Long không phải đơn vị mới của Phường Hà Khẩu (Thành phố Hạ Long). "
        "Đơn vị mới của xã này: Phường Tuần Châu (mã 6706); Phường Việt Hưng (mã 6661)."
    )
    with translation.override("en"):
        assert str(error.template) % error.params == (
            "Phường Hạ Long is not one of the units that Phường Hà Khẩu (Thành phố Hạ Long) became part of. "
            "Its successors: Phường Tuần Châu (code 6706); Phường Việt Hưng (code 6661)."
        )


def test_an_address_needs_todays_commune_or_an_old_commune():
    with pytest.raises(AddressError) as refused:
        resolve(district_=district(193))
    assert (refused.value.field, refused.value.message) == (
        "commune",
        "Nhập xã, phường hiện nay, hoặc xã (trước 7/2025) để tìm đơn vị mới theo bảng sáp nhập.",
    )
    assert resolve(commune=today(6688)) == Address(today(6688).pk, None, None)


def test_every_old_commune_of_quang_ninh_has_a_successor_and_one_table_answers_without_queries(
    django_assert_num_queries,
):
    table = SuccessionTable.for_province(district(193).province)
    assert len(table.old) == 171
    assert [pk for pk, successors in table.successors_of.items() if not successors] == []
    with django_assert_num_queries(0):
        for pk, successors in table.successors_of.items():
            if len(successors) == 1:
                address = address_resolve(
                    commune_id=None, historical_district_id=None, historical_commune_id=pk, table=table
                )
                assert address.commune_id == successors[0].pk
