"""`actor=None` is the system: a product or a certification document recorded without a person needs a
named system caller."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.products.models import CertificationDocument, Product, ProductPhoto
from ocop.products.services import document_create, product_create, product_photo_add
from tests.factories import ProducerFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer():
    return ProducerFactory(legal_name="Hợp tác xã Trà Thử nghiệm", commune=commune(6970))


def _document(producer) -> dict:
    return {"producer": producer, "kind": "vietgap", "number": "VG-01", "issuer": "Sở", "issued_on": date(2025, 1, 2)}


def test_the_system_without_a_named_caller_registers_no_product(producer):
    with pytest.raises(PermissionDenied):
        product_create(actor=None, producer=producer, name_vi="Trà hoa vàng")
    assert not Product.objects.filter(producer=producer).exists()
    assert not AuditEvent.objects.filter(action="product.create").exists()


def test_the_demo_loader_registers_a_product_as_the_system(producer):
    product = product_create(actor=None, producer=producer, name_vi="Trà hoa vàng", system=SystemCaller.DEMO)
    assert list(Product.objects.filter(producer=producer)) == [product]
    assert AuditEvent.objects.get(action="product.create").actor is None


def test_the_system_without_a_named_caller_records_no_document(producer):
    with pytest.raises(PermissionDenied):
        document_create(actor=None, **_document(producer))
    assert not CertificationDocument.objects.filter(producer=producer).exists()
    assert not AuditEvent.objects.filter(action="document.create").exists()


def test_the_demo_loader_records_a_document_as_the_system(producer):
    document = document_create(actor=None, system=SystemCaller.DEMO, **_document(producer))
    assert list(CertificationDocument.objects.filter(producer=producer)) == [document]
    assert AuditEvent.objects.get(action="document.create").actor is None


def _photo_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.demo.data import MEDIA, PHOTOS

    name = PHOTOS["Trà hoa vàng Ba Chẽ"]
    return SimpleUploadedFile(name, (MEDIA / name).read_bytes(), content_type="image/jpeg")


def test_the_system_without_a_named_caller_adds_no_photo(producer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = product_create(actor=None, producer=producer, name_vi="Trà hoa vàng", system=SystemCaller.DEMO)
    with pytest.raises(PermissionDenied):
        product_photo_add(actor=None, product=product, upload=_photo_upload())
    assert not ProductPhoto.objects.filter(product=product).exists()
    assert not AuditEvent.objects.filter(action="product.photo_add").exists()
    assert not list(tmp_path.rglob("*.jpg"))


def test_the_demo_loader_adds_a_photo_as_the_system(producer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = product_create(actor=None, producer=producer, name_vi="Trà hoa vàng", system=SystemCaller.DEMO)
    photo = product_photo_add(actor=None, system=SystemCaller.DEMO, product=product, upload=_photo_upload())
    assert list(ProductPhoto.objects.filter(product=product)) == [photo]
    assert (photo.width, photo.height) == (800, 600)
    assert AuditEvent.objects.get(action="product.photo_add").actor is None
