"""The days each product is certified, as merged date spans: what `CertifiedSpan` stores.

Pure functions over certificate rows (no model imported), shared by the services and by the
migration that first fills the table.

A certificate is in force from `valid_from` to the earliest of: `valid_until`; the day before its
revocation (a certificate revoked on day r no longer counts on r); the day before its successor's
`valid_from` (computations.certificates_covering, the definition of "in force on a day"). Per
product, the in-force days of its certificates are merged into disjoint spans, one set for each
threshold (★3+, ★4+, ★5: "at_least") and for each exact star ("exact"), so that counting spans
that cover a day counts each product once — whatever that day is: a certificate expiring needs
no write, the day passing its last day simply leaves it out. "first" is one span a product: the
day of its first decision (earliest decision date, then lowest id) with that certificate's star.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

AT_LEAST = "at_least"
EXACT = "exact"
FIRST = "first"
STARS = (3, 4, 5)
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CertificateDays:
    """What the spans need of one certificate (revoked_on: the local date of its revocation)."""

    id: int
    product_id: int
    producer_id: int
    stars: int
    decision_date: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date
    revoked_on: datetime.date | None
    successor_from: datetime.date | None

    @property
    def last_day(self) -> datetime.date:
        last = self.valid_until
        if self.revoked_on is not None:
            last = min(last, self.revoked_on - ONE_DAY)
        if self.successor_from is not None:
            last = min(last, self.successor_from - ONE_DAY)
        return last


# (product id, producer id, kind, stars, first day, last day)
Span = tuple[int, int, str, int, datetime.date, datetime.date]


def _merged(days: list[tuple[datetime.date, datetime.date]]) -> list[tuple[datetime.date, datetime.date]]:
    """Overlapping or touching (start, end) pairs merged into disjoint ones, in order."""
    merged: list[tuple[datetime.date, datetime.date]] = []
    for start, end in sorted(days):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def product_spans(certificates: Iterable[CertificateDays]) -> list[Span]:
    """The spans of the products of `certificates` (every certificate of each product must be given)."""
    by_product: dict[int, list[CertificateDays]] = {}
    for certificate in certificates:
        by_product.setdefault(certificate.product_id, []).append(certificate)
    spans: list[Span] = []
    for product_id, own in sorted(by_product.items()):
        first = min(own, key=lambda c: (c.decision_date, c.id))
        spans.append((product_id, first.producer_id, FIRST, first.stars, first.decision_date, first.decision_date))
        producers = sorted({c.producer_id for c in own})
        for producer_id in producers:
            in_force = [c for c in own if c.producer_id == producer_id and c.last_day >= c.valid_from]
            for stars in STARS:
                for kind, chosen in (
                    (AT_LEAST, [c for c in in_force if c.stars >= stars]),
                    (EXACT, [c for c in in_force if c.stars == stars]),
                ):
                    for start, end in _merged([(c.valid_from, c.last_day) for c in chosen]):
                        spans.append((product_id, producer_id, kind, stars, start, end))
    return sorted(spans)
