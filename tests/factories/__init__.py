"""Factories and builders for the test modules, one module per app: real communes, invented people,
organisations, products and the records other apps read (certificates, export papers, booth sales).

`from tests.factories import ProductFactory, make_certificate` works for every name below."""

from tests.factories.accounts import PASSWORD, WORLD_ROLES, UserFactory, make_user
from tests.factories.certificates import make_certificate
from tests.factories.criteria import criteria_version, product_set
from tests.factories.geo import commune, province
from tests.factories.producers import ProducerFactory
from tests.factories.products import ProductFactory, certification_document
from tests.factories.promotion import booth_sale
from tests.factories.trade import export_credential, japan_file_except_haccp

__all__ = [
    "PASSWORD",
    "WORLD_ROLES",
    "ProducerFactory",
    "ProductFactory",
    "UserFactory",
    "booth_sale",
    "certification_document",
    "commune",
    "criteria_version",
    "export_credential",
    "japan_file_except_haccp",
    "make_certificate",
    "make_user",
    "product_set",
    "province",
]
