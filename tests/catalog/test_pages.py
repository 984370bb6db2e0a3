"""Public pages: no login, both languages, filters, stars only from a valid certificate, caching."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from ocop.catalog.links import product_url
from ocop.catalog.services import catalog_cache_bump, search_index_refresh
from ocop.certificates.codes import make_code
from ocop.certificates.models import CertificateStatus
from ocop.products.models import DocumentKind
from tests.factories import WORLD_ROLES, make_certificate

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def names_in(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "role",
    [None, *WORLD_ROLES],
)
def test_every_page_is_public_for_everyone(catalogue, client, role):
    if role:
        client.force_login(catalogue["world"]["users"][role])
    product = catalogue["cha_muc"]
    for url in ("/catalog/", "/catalog/san-pham/", product_url(product), "/catalog/sitemap.xml"):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/catalog/search?q=cha+muc").status_code == 200
    assert client.get(f"/api/v1/catalog/products/{product.pk}").status_code == 200


def test_home_shows_counts_by_star_and_featured_products(catalogue, client):
    make_certificate(catalogue["tra_ba_che"], stars=4)
    make_certificate(catalogue["tra_quy_hoa"], stars=5)
    response = client.get("/catalog/")
    body = names_in(response)
    assert response.status_code == 200
    assert "Sản phẩm OCOP Quảng Ninh" in body
    assert response.context["title"] == "Sản phẩm OCOP Quảng Ninh"
    assert "?stars=5" in body
    assert "?stars=4" in body
    assert body.index("Trà hoa vàng Quy Hoa") < body.index("Trà hoa vàng Ba Chẽ")  # ★5 before ★4


def test_pages_in_english(catalogue, client):
    english(client)
    body = names_in(client.get("/catalog/"))
    assert '<html lang="en">' in body
    assert "OCOP products of Quảng Ninh" in body
    body = names_in(client.get(product_url(catalogue["cha_muc"])))
    assert "<h1>Ha Long squid cake</h1>" in body
    assert "Chả mực Hạ Long" in body  # the Vietnamese name under it
    assert "Where to buy" in body
    body = names_in(client.get("/catalog/san-pham/?q=tra+hoa+vang"))
    assert "Ba Che golden camellia tea" in body


def test_language_is_part_of_the_cache_key(catalogue, client):
    assert "Mua ở đâu" in names_in(client.get(product_url(catalogue["cha_muc"])))
    assert "Where to buy" in names_in(english(client).get(product_url(catalogue["cha_muc"])))


def test_search_page_finds_without_diacritics(catalogue, client):
    response = client.get("/catalog/san-pham/", {"q": "tra hoa vang"})
    body = names_in(response)
    assert "Trà hoa vàng Ba Chẽ" in body
    assert "Trà hoa vàng Quy Hoa" in body
    assert "Trà xanh Ba Chẽ" not in body
    assert "2 sản phẩm khớp với “tra hoa vang”" in body
    assert '<meta name="robots" content="noindex, follow">' in body


def test_htmx_request_gets_only_the_results(catalogue, client):
    response = client.get("/catalog/san-pham/", {"q": "cha muc ha long"}, HTTP_HX_REQUEST="true")
    body = names_in(response)
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "Chả mực Hạ Long" in body
    assert "HX-Request" in response["Vary"]


def test_filters(catalogue, client):
    make_certificate(catalogue["tra_ba_che"], stars=4)
    make_certificate(catalogue["cha_muc"], stars=3)
    url = "/catalog/san-pham/"

    def listed(**params) -> set[str]:
        body = names_in(client.get(url, params))
        return {
            name
            for name in (
                "Chả mực Hạ Long",
                "Trà hoa vàng Ba Chẽ",
                "Trà hoa vàng Quy Hoa",
                "Trà xanh Ba Chẽ",
                "Mật ong bạc hà Lào Cai",
            )
            if f">{name}<" in body
        }

    assert listed(product_set=catalogue["teas"].pk) == {
        "Trà hoa vàng Ba Chẽ",
        "Trà hoa vàng Quy Hoa",
        "Trà xanh Ba Chẽ",
    }
    assert listed(group=catalogue["foods"].group_id, q="cha") == {"Chả mực Hạ Long"}
    assert listed(stars=4) == {"Trà hoa vàng Ba Chẽ"}
    assert listed(stars=3) == {"Chả mực Hạ Long"}
    assert listed(commune=catalogue["tra_quy_hoa"].producer.commune_id) == {"Trà hoa vàng Quy Hoa"}
    assert listed(stars="junk", product_set=catalogue["teas"].pk, q="xanh") == {"Trà xanh Ba Chẽ"}  # bad value ignored


def test_historical_district_filter(catalogue, client):
    from ocop.geo.models import HistoricalDistrict

    hai_ha = HistoricalDistrict.objects.get(name="Huyện Hải Hà")
    producer = catalogue["tra_quy_hoa"].producer
    producer.historical_district = hai_ha
    producer.save()
    body = names_in(client.get("/catalog/san-pham/", {"district": hai_ha.pk}))
    assert ">Trà hoa vàng Quy Hoa<" in body
    assert ">Trà hoa vàng Ba Chẽ<" not in body


def test_certification_filter_counts_only_unexpired_documents(catalogue, client):
    from ocop.products.models import CertificationDocument

    today = timezone.localdate()
    CertificationDocument.objects.create(
        producer=catalogue["cha_muc"].producer,
        product=catalogue["cha_muc"],
        kind=DocumentKind.HACCP,
        expires_on=today + timedelta(days=30),
    )
    CertificationDocument.objects.create(
        producer=catalogue["tra_ba_che"].producer,
        product=catalogue["tra_ba_che"],
        kind=DocumentKind.HACCP,
        expires_on=today - timedelta(days=1),
    )
    CertificationDocument.objects.create(  # a facility certificate covers all the producer's products
        producer=catalogue["tra_quy_hoa"].producer,
        product=None,
        kind=DocumentKind.HACCP,
    )
    body = names_in(client.get("/catalog/san-pham/", {"certification": "haccp"}))
    assert ">Chả mực Hạ Long<" in body
    assert ">Trà hoa vàng Quy Hoa<" in body
    assert ">Trà hoa vàng Ba Chẽ<" not in body


def test_sort_by_name(catalogue, client):
    body = names_in(client.get("/catalog/san-pham/", {"sort": "name", "q": "tra"}))
    assert body.index(">Trà hoa vàng Ba Chẽ<") < body.index(">Trà hoa vàng Quy Hoa<") < body.index(">Trà xanh Ba Chẽ<")


def test_star_only_with_a_valid_certificate(catalogue, client):
    valid = make_certificate(catalogue["tra_ba_che"], stars=4)
    make_certificate(catalogue["tra_quy_hoa"], stars=5, valid_until=timezone.localdate() - timedelta(days=1))
    make_certificate(catalogue["cha_muc"], stars=3, status=CertificateStatus.REVOKED, revoked_at=timezone.now())

    body = names_in(client.get(product_url(catalogue["tra_ba_che"])))
    assert "Sản phẩm OCOP 4 sao" in body
    assert valid.number in body
    assert f'href="/v/{make_code(valid.pk)}"' in body
    for key in ("tra_quy_hoa", "cha_muc"):
        body = names_in(client.get(product_url(catalogue[key])))
        assert "Sản phẩm chưa có giấy chứng nhận OCOP còn hiệu lực." in body
        assert "★" not in body.split("<main")[1].split("Sản phẩm liên quan")[0]


def test_product_page_shows_producer_demo_mark_and_contact(catalogue, client):
    body = names_in(client.get(product_url(catalogue["muc_kho"])))
    assert "Dữ liệu minh hoạ" in body
    assert catalogue["muc_kho"].producer.legal_name in body
    assert "Liên hệ chủ thể" in body or "Xem thông tin chủ thể" in body


def test_contact_button_links_to_the_trade_inquiry_form_when_it_exists(catalogue, client, monkeypatch):
    from ocop.catalog import integrations

    monkeypatch.setattr(integrations, "_reverse", lambda name, **kw: "" if name == "trade:inquiry_new" else "/x/")
    body = names_in(client.get(product_url(catalogue["cha_muc"])))
    assert "Xem thông tin chủ thể" in body
    assert "Liên hệ chủ thể" not in body


def test_contact_button_with_trade(catalogue, client):
    from ocop.catalog.integrations import inquiry_url

    url = inquiry_url(catalogue["cha_muc"])
    body = names_in(client.get(product_url(catalogue["cha_muc"])))
    if url:
        assert f'href="{url}"' in body
        assert "Liên hệ chủ thể" in body
    else:
        assert "Xem thông tin chủ thể" in body


def test_clean_urls_redirect_to_the_current_slug(catalogue, client):
    product = catalogue["cha_muc"]
    assert product_url(product) == f"/catalog/san-pham/{product.pk}-cha-muc-ha-long/"
    response = client.get(f"/catalog/san-pham/{product.pk}-old-name/")
    assert response.status_code == 301
    assert response["Location"] == product_url(product)
    assert client.get(f"/catalog/san-pham/{product.pk}/").status_code == 301


def test_hidden_products_are_not_found(catalogue, client):
    assert client.get(f"/catalog/san-pham/{catalogue['idea'].pk}/").status_code == 404
    product = catalogue["tra_xanh"]
    product.archived_at = timezone.now()
    product.save()
    assert client.get(product_url(product)).status_code == 404


def test_producer_page(catalogue, client):
    producer = catalogue["cha_muc"].producer
    response = client.get(f"/catalog/chu-the/{producer.pk}/", follow=True)
    body = names_in(response)
    assert response.redirect_chain[-1][1] == 301
    assert f"<h1>{producer.legal_name}</h1>" in body
    assert ">Chả mực Hạ Long<" in body
    assert ">Mực khô Cô Tô<" in body
    assert ">Chả mực ý tưởng<" not in body


def test_sitemap_lists_public_pages(catalogue, client):
    response = client.get("/catalog/sitemap.xml")
    body = names_in(response)
    assert response["Content-Type"].startswith("application/xml")
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f"http://testserver/catalog/san-pham/{catalogue['cha_muc'].pk}-cha-muc-ha-long/" in body
    assert f"/catalog/san-pham/{catalogue['idea'].pk}-" not in body
    assert f"/catalog/chu-the/{catalogue['cha_muc'].producer_id}-" in body


def test_pages_are_cached_until_the_version_is_bumped(catalogue, client, django_capture_on_commit_callbacks):
    product = catalogue["cha_muc"]
    assert "Chả mực Hạ Long" in names_in(client.get(product_url(product)))
    product.description_vi = "Mô tả mới toanh"
    product.save()
    assert "Mô tả mới toanh" not in names_in(client.get(product_url(product)))  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        catalog_cache_bump()
    assert "Mô tả mới toanh" in names_in(client.get(product_url(product)))


def test_index_refresh_also_refreshes_the_pages(catalogue, client, django_capture_on_commit_callbacks):
    product = catalogue["cha_muc"]
    assert "Chả mực Hạ Long" in names_in(client.get("/catalog/san-pham/", {"q": "cha muc"}))
    product.name_vi = "Chả mực giã tay Hạ Long"
    product.save()
    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh(product_ids=[product.pk])
    assert "Chả mực giã tay Hạ Long" in names_in(client.get("/catalog/san-pham/", {"q": "cha muc gia tay"}))


def test_certificate_expiry_at_midnight_needs_no_bump(catalogue, client, monkeypatch):
    make_certificate(catalogue["tra_ba_che"], stars=4, valid_until=date(2026, 5, 1))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 5, 1))
    assert "Sản phẩm OCOP 4 sao" in names_in(client.get(product_url(catalogue["tra_ba_che"])))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 5, 2))
    assert "Sản phẩm OCOP 4 sao" not in names_in(client.get(product_url(catalogue["tra_ba_che"])))


def test_stored_page_sets_no_cookie_and_the_language_switch_works_from_it(catalogue):
    """A stored anonymous page is the same bytes for everyone: no CSRF token, no cookie; the language
    switch on it works with CSRF checks enforced (set_language needs no token)."""
    from django.test import Client as CsrfClient

    bodies = []
    for _ in range(2):
        visitor = CsrfClient(enforce_csrf_checks=True)
        response = visitor.get("/catalog/san-pham/")
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        bodies.append(response.content)
        switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/catalog/san-pham/"})
        assert switched.status_code == 302
        assert switched["Location"] == "/catalog/san-pham/"
        assert "OCOP products" in visitor.get("/catalog/san-pham/").content.decode()
    assert bodies[0] == bodies[1]


def test_a_stored_page_is_served_before_the_view_and_rebuilt_after_a_bump(catalogue, client, monkeypatch):
    from ocop.catalog import cache, views

    calls = []
    real = views._page
    monkeypatch.setattr(
        views, "_page", lambda request, page, **kw: calls.append(request.path) or real(request, page, **kw)
    )
    url = product_url(catalogue["cha_muc"])
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert first["Content-Type"] == second["Content-Type"] == "text/html; charset=utf-8"
    assert len(calls) == 1  # the second answer came from the stored page
    cache.bump(product_ids=[catalogue["cha_muc"].pk])
    client.get(url)
    assert len(calls) == 2
    client.get(url, HTTP_COOKIE="django_language=en")
    assert len(calls) == 3  # each language is its own page


def test_logged_in_visitors_get_their_own_header(catalogue, client):
    user = catalogue["world"]["users"]["buyer"]
    client.get("/catalog/")  # fills the anonymous cache
    client.force_login(user)
    body = client.get("/catalog/").content.decode()
    assert user.display_name in body
