"""Products and the documents (certifications) a producer holds for them."""

import factory

from ocop.products.models import CertificationDocument, Product
from tests.factories.producers import ProducerFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name_vi = factory.Sequence(lambda n: f"Sản phẩm thử nghiệm {n}")


def certification_document(
    product, kind: str, issued_on=None, expires_on=None, *, facility=False
) -> CertificationDocument:
    """A document of `kind` for the product, or (facility=True) for its producer's facility."""
    return CertificationDocument.objects.create(
        producer=product.producer,
        product=None if facility else product,
        kind=kind,
        number=f"{kind.upper()}-{product.pk}",
        issued_on=issued_on,
        expires_on=expires_on,
    )
