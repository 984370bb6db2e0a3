"""Text no field may hold (U+0000, other C0 controls, lone surrogates) is refused at the door with
the field named, on pages and in the API; PostgreSQL would otherwise end such a request in a 500."""

import json

import pytest
from django.test import Client

from ocop.producers.models import Producer


def api_errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("query", "field", "character"),
    [("q=a%00b", "q", "U+0000"), ("q=%0B", "q", "U+000B"), ("market=EU&sort=%1F", "sort", "U+001F")],
)
def test_api_query_with_a_control_character_is_refused_naming_the_parameter(db, client, query, field, character):
    response = client.get(f"/api/v1/catalog/search?{query}")

    assert response.status_code == 400
    assert api_errors(response) == [(field, "forbidden_character")]
    assert response.json()["detail"] == (
        f"Trường “{field}” chứa ký tự không được phép ({character}): hãy xoá ký tự điều khiển."
    )


def test_tab_line_feed_and_carriage_return_are_text(db, client):
    response = client.get("/api/v1/catalog/search?q=ch%E1%BA%A3%09m%E1%BB%B1c%0D%0A")

    assert response.status_code == 200


def test_the_message_follows_the_chosen_language(db):
    english = Client(headers={"Cookie": "django_language=en"})

    response = english.get("/api/v1/catalog/search?q=%00")

    assert response.json()["errors"][0]["message"] == (
        "The field “q” holds a character that is not allowed (U+0000): remove the control character."
    )


def test_a_control_character_in_an_api_path_is_refused(db, client):
    response = client.get("/api/v1/certificates/verify/ab%00cd")

    assert response.status_code == 400
    assert api_errors(response) == [("path", "forbidden_character")]


@pytest.mark.parametrize(
    ("body", "field", "character"),
    [
        ({"story_vi": "Trà\u000bhoa vàng"}, "story_vi", "U+000B"),
        ({"legal_name": "HTX\u0000"}, "legal_name", "U+0000"),
        ({"short_name": "\ud800"}, "short_name", "U+D800"),
        ({"website": "https://x.vn", "members": 3, "story_en": ["ok", "a\u0007"]}, "story_en.1", "U+0007"),
        ({"bad\u0001key": "x"}, "badU+0001key", "U+0001"),
    ],
)
def test_api_json_body_with_a_control_character_is_refused_and_nothing_changes(world, client, body, field, character):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    client.force_login(world["users"]["provincial_officer"])

    response = client.patch(f"/api/v1/producers/{producer.pk}", data=json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert api_errors(response) == [(field, "forbidden_character")]
    assert character in response.json()["detail"]
    assert Producer.objects.values().get(pk=producer.pk) == before


def test_a_clean_json_body_goes_through(world, client):
    client.force_login(world["users"]["provincial_officer"])

    response = client.patch(
        f"/api/v1/producers/{world['qn'].pk}",
        data=json.dumps({"story_vi": "Dòng một\nDòng hai\tcột"}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert Producer.objects.get(pk=world["qn"].pk).story_vi == "Dòng một\nDòng hai\tcột"


def test_page_search_with_nul_is_a_400_page_naming_the_field(world, client):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/producers/?q=%00")

    assert response.status_code == 400
    assert "Trường “q” chứa ký tự không được phép (U+0000)" in response.content.decode()


def test_public_catalogue_page_with_nul_is_refused(db, client):
    response = client.get("/catalog/san-pham/?q=tr%C3%A0%00")

    assert response.status_code == 400
    assert "Trường “q”" in response.content.decode()


def test_page_form_post_with_a_control_character_is_refused_and_nothing_changes(world):
    officer = world["users"]["provincial_officer"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    count = Producer.objects.count()

    response = browser.post(
        "/producers/new/",
        {"legal_name": "HTX Thử\u0008", "producer_type": "cooperative", "commune": world["qn"].commune_id},
    )

    assert response.status_code == 400
    assert "Trường “legal_name” chứa ký tự không được phép (U+0008)" in response.content.decode()
    assert Producer.objects.count() == count


def test_a_cookie_with_nul_is_refused_before_the_session_is_read(db, client):
    response = client.get("/api/v1/accounts/me", HTTP_COOKIE="sessionid=abcdefgh\x00ijk")

    assert response.status_code == 400
    assert api_errors(response) == [("sessionid", "forbidden_character")]


@pytest.mark.parametrize(
    ("extra", "file_field", "field", "character"),
    [
        ({"ab\u000fc": ""}, "file", "abU+000Fc", "U+000F"),  # the fuzzer's case: a field's name
        ({"note": "năm\u00002024"}, "file", "note", "U+0000"),
        ({}, "fi\u0007le", "fiU+0007le", "U+0007"),  # a file field's name
    ],
)
def test_api_multipart_body_with_a_control_character_is_refused_and_nothing_is_stored(
    world, extra, file_field, field, character
):
    """The API's multipart bodies are checked as it reads them: field names and values."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.accounts.services import api_token_create
    from ocop.evaluations.models import HistoricalImport

    _token, key = api_token_create(user=world["users"]["provincial_officer"], name="tỉnh")
    script = Client(enforce_csrf_checks=True)
    upload = SimpleUploadedFile("ket-qua.xlsx", b"PK\x03\x04 not really a workbook")

    response = script.post(
        "/api/v1/evaluations/historical-imports",
        {file_field: upload, **extra},
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 400, response.content
    assert api_errors(response) == [(field, "forbidden_character")]
    assert response.json()["detail"] == (
        f"Trường “{field}” chứa ký tự không được phép ({character}): hãy xoá ký tự điều khiển."
    )
    assert not HistoricalImport.objects.exists()
