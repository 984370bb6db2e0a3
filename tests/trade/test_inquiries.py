"""Buyer inquiries: the public form, abuse protection, notices by e-mail, the thread, who sees what."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ocop.core.errors import DomainError
from ocop.trade.models import Inquiry, InquiryMessage, InquiryStatus, Market
from ocop.trade.selectors import inquiries_visible
from ocop.trade.services import inquiry_reply, inquiry_set_status, inquiry_submit
from ocop.trade.tasks import notify_inquiry_received
from tests.factories import ProductFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(world):
    world["qn"].email = "htx@trahoavang.example"
    world["qn"].save(update_fields=["email"])
    for key in ("producer", "provincial_officer", "other_provincial_officer", "other_producer"):
        user = world["users"][key]
        user.email = f"{key}@ocop.example"
        user.save(update_fields=["email"])
    return ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Thử nghiệm")


def form_data(**overrides):
    data = {
        "company": "Osaka Tea Import K.K.",
        "contact_name": "Hanako Sato",
        "country": "Japan",
        "email": "sato@osaka-tea.example",
        "phone": "",
        "quantity": "300 kg per month",
        "target_market": Market.objects.get(code="jp").pk,
        "incoterm": "FOB",
        "message": "Please quote FOB Hai Phong.\nWe need samples.",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client, product, **overrides):
    return client.post(reverse("trade:inquiry_new", kwargs={"product_id": product.pk}), form_data(**overrides))


def test_anonymous_buyer_sends_an_inquiry_and_producer_and_office_get_mail(
    client, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, product)
    assert response.status_code == 302
    assert response["Location"] == reverse("trade:inquiry_sent")
    inquiry = Inquiry.objects.get()
    assert (inquiry.company, inquiry.country, inquiry.incoterm, inquiry.target_market.code, inquiry.status) == (
        "Osaka Tea Import K.K.",
        "Japan",
        "FOB",
        "jp",
        InquiryStatus.NEW,
    )
    assert inquiry.message == "Please quote FOB Hai Phong.\nWe need samples."
    assert inquiry.buyer is None
    assert inquiry.notified_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["htx@trahoavang.example", "producer@ocop.example", "provincial_officer@ocop.example"]
    assert sent.reply_to == ["sato@osaka-tea.example"]
    assert sent.subject == "[OCOP] Yêu cầu mới từ Osaka Tea Import K.K. về Trà hoa vàng Thử nghiệm"
    assert f"/trade/inquiries/{inquiry.pk}/" in sent.body


def test_notice_task_is_idempotent(product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = inquiry_submit(
            product=product, company="A", country="Japan", email="a@a.example", quantity="1", message="m"
        )
    assert notify_inquiry_received(inquiry.pk) == 0
    assert len(mail.outbox) == 1


def test_logged_in_buyer_is_prefilled_and_linked(client, product, world):
    buyer = world["users"]["buyer"]
    buyer.email, buyer.organisation, buyer.full_name = "mua@import.example", "Import Co.", "Mai Anh"
    buyer.save()
    client.force_login(buyer)
    page = client.get(reverse("trade:inquiry_new", kwargs={"product_id": product.pk}))
    assert page.status_code == 200
    assert b'value="mua@import.example"' in page.content
    assert b'value="Import Co."' in page.content
    submit(client, product, email="mua@import.example")
    assert Inquiry.objects.get().buyer == buyer
    assert list(inquiries_visible(buyer)) == [Inquiry.objects.get()]


def test_honeypot_filled_pretends_success_and_saves_nothing(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, product, website="http://spam.example")
    assert response.status_code == 302
    assert Inquiry.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_address(client, product, settings):
    settings.OCOP_TRADE_INQUIRY_LIMIT = 2
    assert submit(client, product).status_code == 302
    assert submit(client, product, REMOTE_ADDR="127.0.0.1").status_code == 302
    third = submit(client, product)
    assert third.status_code == 429
    assert "quá nhiều yêu cầu".encode() in third.content
    assert Inquiry.objects.count() == 2
    other = client.post(
        reverse("trade:inquiry_new", kwargs={"product_id": product.pk}), form_data(), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302
    assert Inquiry.objects.count() == 3


def test_api_inquiries_share_the_rate_limit(client, product, world, settings):
    settings.OCOP_TRADE_INQUIRY_LIMIT = 1
    client.force_login(world["users"]["buyer"])
    payload = {
        "product_id": product.pk,
        "company": "B",
        "country": "Korea",
        "email": "b@b.example",
        "quantity": "1",
        "message": "m",
    }
    assert client.post("/api/v1/trade/inquiries", payload, content_type="application/json").status_code == 201
    assert client.post("/api/v1/trade/inquiries", payload, content_type="application/json").status_code == 429
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company", "x" * 201),
        ("country", "x" * 101),
        ("quantity", "x" * 101),
        ("message", "x" * 4001),
        ("email", "not-an-email"),
    ],
)
def test_size_limits_refuse_and_save_nothing(client, product, field, value):
    response = submit(client, product, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Inquiry.objects.count() == 0


def test_crlf_in_company_never_reaches_a_mail_header(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, product, company="Evil Co.\r\nBcc: victim@example.com", contact_name="X\nY")
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.company == "Evil Co. Bcc: victim@example.com"
    assert inquiry.contact_name == "X Y"
    sent = mail.outbox[0]
    assert sent.subject == "[OCOP] Yêu cầu mới từ Evil Co. Bcc: victim@example.com về Trà hoa vàng Thử nghiệm"
    message = sent.message()
    assert message["Bcc"] is None
    assert "victim@example.com" not in sent.recipients()
    header_block = message.as_string().split("\n\n", 1)[0]
    assert not any(line.lower().startswith("bcc:") for line in header_block.splitlines())


def test_producer_answers_buyer_gets_mail_status_answered(product, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = inquiry_submit(
            product=product, company="A", country="Japan", email="a@a.example", quantity="1", message="m", language="en"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = inquiry_reply(
            actor=world["users"]["producer"], inquiry=inquiry, body="  Giá FOB: 40 USD/kg.\r\nMẫu gửi tuần sau.  "
        )
    inquiry.refresh_from_db()
    assert (reply.side, reply.body, inquiry.status) == (
        "producer",
        "Giá FOB: 40 USD/kg.\nMẫu gửi tuần sau.",
        InquiryStatus.ANSWERED,
    )
    assert [m.to for m in mail.outbox] == [["a@a.example"]]
    assert mail.outbox[0].subject == "[OCOP] Reply about Trà hoa vàng Thử nghiệm"
    assert mail.outbox[0].reply_to == ["htx@trahoavang.example"]


def test_buyer_follow_up_reopens_as_new_and_notifies_producer(product, world, django_capture_on_commit_callbacks):
    buyer = world["users"]["buyer"]
    inquiry = inquiry_submit(
        product=product, buyer=buyer, company="A", country="Japan", email="a@a.example", quantity="1", message="m"
    )
    inquiry_reply(actor=world["users"]["producer"], inquiry=inquiry, body="ok")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_reply(actor=buyer, inquiry=inquiry, body="Thanks, send samples")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    assert sorted(mail.outbox[0].to) == [
        "htx@trahoavang.example",
        "producer@ocop.example",
        "provincial_officer@ocop.example",
    ]


def test_strangers_may_not_reply_and_closed_takes_no_message(product, world):
    inquiry = inquiry_submit(
        product=product, company="A", country="Japan", email="a@a.example", quantity="1", message="m"
    )
    for key in (
        "other_producer",
        "other_provincial_officer",
        "commune_officer",
        "council_member",
        "central_officer",
        "buyer",
    ):
        with pytest.raises(PermissionDenied):
            inquiry_reply(actor=world["users"][key], inquiry=inquiry, body="x")
    inquiry_set_status(actor=world["users"]["provincial_officer"], inquiry=inquiry, status=InquiryStatus.CLOSED)
    with pytest.raises(DomainError):
        inquiry_reply(actor=world["users"]["producer"], inquiry=inquiry, body="late")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CLOSED
    assert InquiryMessage.objects.count() == 0
    with pytest.raises(PermissionDenied):
        inquiry_set_status(actor=world["users"]["buyer"], inquiry=inquiry, status=InquiryStatus.ANSWERED)
    inquiry_set_status(actor=world["users"]["producer"], inquiry=inquiry, status=InquiryStatus.ANSWERED)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW  # reopened; nobody has answered yet


def test_who_sees_which_inquiries(product, world):
    mine = inquiry_submit(product=product, company="A", country="Japan", email="a@a.example", quantity="1", message="m")
    theirs = inquiry_submit(
        product=ProductFactory(producer=world["qn_other"]),
        company="B",
        country="Laos",
        email="b@b.example",
        quantity="1",
        message="m",
    )
    lao_cai = inquiry_submit(
        product=ProductFactory(producer=world["lc"]),
        company="C",
        country="China",
        email="c@c.example",
        quantity="1",
        message="m",
    )
    users = world["users"]
    expected = {
        "producer": {mine.pk},
        "other_producer": {theirs.pk},
        "provincial_officer": {mine.pk, theirs.pk},
        "other_provincial_officer": {lao_cai.pk},
        "commune_officer": set(),
        "council_member": set(),
        "central_officer": set(),
        "buyer": set(),
        "admin": {mine.pk, theirs.pk, lao_cai.pk},
    }
    for key, ids in expected.items():
        assert set(inquiries_visible(users[key]).values_list("pk", flat=True)) == ids, key


def test_thread_page_in_both_languages(client, product, world):
    inquiry = inquiry_submit(
        product=product, company="Osaka Tea", country="Japan", email="a@a.example", quantity="1", message="Hello"
    )
    inquiry_reply(actor=world["users"]["producer"], inquiry=inquiry, body="Xin chào")
    client.force_login(world["users"]["producer"])
    page = client.get(reverse("trade:inquiry_detail", args=[inquiry.pk]))
    assert page.status_code == 200
    assert "Trao đổi".encode() in page.content
    assert b"Xin ch" in page.content
    client.cookies["django_language"] = "en"
    page = client.get(reverse("trade:inquiry_detail", args=[inquiry.pk]))
    assert b"Conversation" in page.content
    client.force_login(world["users"]["other_producer"])
    assert client.get(reverse("trade:inquiry_detail", args=[inquiry.pk])).status_code == 404


def test_archived_product_takes_no_inquiry(client, product):
    from django.utils import timezone

    product.archived_at = timezone.now()
    product.save()
    assert client.get(reverse("trade:inquiry_new", kwargs={"product_id": product.pk})).status_code == 404


def test_mail_subject_is_single_line_even_if_a_caller_passes_crlf(product):
    """The last guard: the sender strips CR/LF itself (Django would refuse the header otherwise)."""
    from django.core.mail import BadHeaderError, EmailMessage

    from ocop.trade.tasks import _send

    with pytest.raises(BadHeaderError):
        EmailMessage("a\r\nBcc: x@example.com", "b", to=["y@example.com"]).message()
    assert _send("a\r\nBcc: x@example.com", "b", ["y@example.com"]) == 1
    assert mail.outbox[-1].subject == "a Bcc: x@example.com"


def test_buyer_follows_own_thread_in_page_and_api(client, product, world):
    buyer = world["users"]["buyer"]
    inquiry = inquiry_submit(
        product=product, buyer=buyer, company="A", country="Japan", email="a@a.example", quantity="1", message="m"
    )
    inquiry_reply(actor=world["users"]["producer"], inquiry=inquiry, body="Báo giá kèm theo")
    client.force_login(buyer)
    page = client.get(reverse("trade:inquiry_detail", args=[inquiry.pk]))
    assert page.status_code == 200
    assert "Báo giá kèm theo" in page.content.decode()
    assert client.post(reverse("trade:inquiry_detail", args=[inquiry.pk]), {"body": "Cảm ơn"}).status_code == 302
    api = client.get(f"/api/v1/trade/inquiries/{inquiry.pk}").json()
    assert [(m["side"], m["body"]) for m in api["messages"]] == [("producer", "Báo giá kèm theo"), ("buyer", "Cảm ơn")]
    other_buyer = make_user("buyer")
    client.force_login(other_buyer)
    assert client.get(reverse("trade:inquiry_detail", args=[inquiry.pk])).status_code == 404
