"""Factories shared by the test modules: real communes, invented people and organisations."""

import factory
from django.contrib.auth.hashers import make_password

from ocop.accounts.models import Role, User
from ocop.core.text import fold_vietnamese
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer, ProducerType
from ocop.products.models import Product

PASSWORD = "Mat-khau-thu-nghiem-2026"


def commune(code: int) -> Commune:
    return Commune.objects.select_related("province").get(code=code)


def province(code: int) -> Province:
    return Province.objects.get(code=code)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Thử nghiệm số {n}")
    producer_type = ProducerType.COOPERATIVE
    commune = factory.LazyFunction(lambda: commune(6688))  # Phường Hạ Long, Quảng Ninh
    name_folded = factory.LazyAttribute(lambda o: fold_vietnamese(o.legal_name))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name_vi = factory.Sequence(lambda n: f"Sản phẩm thử nghiệm {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
    role = Role.BUYER


def make_user(role: str, **scope) -> User:
    return UserFactory(role=role, **scope)
