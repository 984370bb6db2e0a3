"""OCOP subjects (producers), in a real commune."""

import factory

from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer, ProducerType
from tests.factories.geo import commune


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Thử nghiệm số {n}")
    producer_type = ProducerType.COOPERATIVE
    commune = factory.LazyFunction(lambda: commune(6688))  # Phường Hạ Long, Quảng Ninh
    name_folded = factory.LazyAttribute(lambda o: fold_vietnamese(o.legal_name))
