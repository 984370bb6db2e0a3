"""The certified-product spans (programme.CertifiedSpan) that the overview counts from.

Property: after any sequence of certificate writes through the services (issue, renewal by a new
decision, historical record, revocation, the expiry job), producer moves and a bulk load followed
by a rebuild, the stored spans equal a recomputation from the certificates, and every figure the
overview reads from them (products in force, by star, by year; new products) equals the same
figure computed from the certificates, on days on both sides of each certificate's last day.
"""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.accounts.system import SystemCaller
from ocop.certificates.models import Certificate, CertificateStatus, RevocationGround
from ocop.certificates.services import certificate_revoke, certificates_expiry_run
from ocop.core.errors import DomainError
from ocop.producers.models import Producer
from ocop.programme.computations import QuerysetComputation
from ocop.programme.models import CertifiedSpan
from ocop.programme.registry import Query, computation
from ocop.programme.selectors import certified_spans_expected, certified_spans_stored
from ocop.programme.services import certified_spans_rebuild
from ocop.programme.spans import AT_LEAST, EXACT, FIRST, CertificateDays, product_spans
from tests.certificates.conftest import issue
from tests.factories import ProductFactory, province

D = datetime.date


def _days(id=1, product=1, stars=3, start=None, until=None, revoked=None, successor=None):
    """A certificate of product 1's producer 7, decided and in force from `start` (1/1/2022) to `until` (2024)."""
    start = start or D(2022, 1, 1)
    return CertificateDays(id, product, 7, stars, start, start, until or D(2024, 12, 31), revoked, successor)


def test_a_revoked_certificate_counts_until_the_day_before_its_revocation():
    spans = product_spans([_days(revoked=D(2023, 5, 10))])
    assert (1, 7, AT_LEAST, 3, D(2022, 1, 1), D(2023, 5, 9)) in spans
    assert (1, 7, EXACT, 3, D(2022, 1, 1), D(2023, 5, 9)) in spans


def test_a_renewal_merges_with_the_certificate_it_supersedes_and_the_stars_split():
    old = _days(id=1, stars=3, start=D(2020, 1, 1), until=D(2022, 12, 31), successor=D(2022, 6, 1))
    new = _days(id=2, stars=4, start=D(2022, 6, 1), until=D(2025, 5, 31))
    assert product_spans([new, old]) == [
        (1, 7, AT_LEAST, 3, D(2020, 1, 1), D(2025, 5, 31)),  # touching days merge: one product, one span
        (1, 7, AT_LEAST, 4, D(2022, 6, 1), D(2025, 5, 31)),
        (1, 7, EXACT, 3, D(2020, 1, 1), D(2022, 5, 31)),
        (1, 7, EXACT, 4, D(2022, 6, 1), D(2025, 5, 31)),
        (1, 7, FIRST, 3, D(2020, 1, 1), D(2020, 1, 1)),
    ]


def test_overlapping_certificates_of_one_product_give_one_span_and_revoked_on_its_first_day_none():
    spans = product_spans(
        [
            _days(id=1, stars=3, start=D(2021, 1, 1), until=D(2023, 12, 31)),
            _days(id=2, stars=3, start=D(2023, 1, 1), until=D(2025, 12, 31)),
            _days(id=3, stars=5, start=D(2024, 3, 1), revoked=D(2024, 3, 1)),
        ]
    )
    assert [s for s in spans if s[2] != FIRST] == [
        (1, 7, AT_LEAST, 3, D(2021, 1, 1), D(2025, 12, 31)),
        (1, 7, EXACT, 3, D(2021, 1, 1), D(2025, 12, 31)),
    ]
    assert [s for s in spans if s[2] == FIRST] == [(1, 7, FIRST, 3, D(2021, 1, 1), D(2021, 1, 1))]


# --- property ------------------------------------------------------------------------------------

issue_op = st.tuples(
    st.just("issue"),
    st.integers(0, 2),  # product
    st.sampled_from([3, 4, 5]),
    st.dates(D(2019, 9, 1), D(2026, 3, 1)),
    st.booleans(),  # a historical record (paper certificate) rather than a recorded decision
)
revoke_op = st.tuples(st.just("revoke"), st.integers(0, 30), st.dates(D(2020, 1, 1), D(2026, 3, 1)))
expire_op = st.tuples(st.just("expire"), st.dates(D(2022, 1, 1), D(2026, 3, 1)))
move_op = st.tuples(st.just("move"), st.sampled_from(["qn", "lc"]), st.sampled_from(["qn", "qn_other", "lc"]))
load_op = st.tuples(st.just("load"), st.integers(0, 2), st.sampled_from([3, 4]), st.dates(D(2018, 1, 1), D(2024, 1, 1)))


def _figures(query: Query) -> dict[str, object]:
    """What the overview reads of the spans, and the same figures computed from the certificates."""
    certified, new = computation("certified_products"), computation("new_products")
    return {
        "total": (certified.total(query), QuerysetComputation.total(certified, query)),
        "star": (certified.by(query, "star"), QuerysetComputation.by(certified, query, "star")),
        "year": (certified.by(query, "year"), certified._per_year(query)),
        "star 4": (
            certified.total(query.narrowed(star=4)),
            QuerysetComputation.total(certified, query.narrowed(star=4)),
        ),
        "new": (new.total(query), QuerysetComputation.total(new, query)),
        "new by year": (new.by(query, "year"), QuerysetComputation.by(new, query, "year")),
    }


@pytest.fixture
def three_products(world, version):
    return [
        ProductFactory(producer=world["qn"], name_vi="Trà thử"),
        ProductFactory(producer=world["qn_other"], name_vi="Chả mực thử"),
        ProductFactory(producer=world["lc"], name_vi="Rượu thử"),
    ]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.one_of(issue_op, revoke_op, expire_op, move_op, load_op), max_size=8))
def test_spans_equal_a_recomputation_and_the_figures_equal_the_certificates(
    world, version, three_products, clock, operations
):
    Certificate.objects.update(supersedes=None)  # an earlier example's renewals protect what they replaced
    Certificate.objects.all().delete()
    CertifiedSpan.objects.all().delete()
    for who in ("qn", "qn_other", "lc"):  # the examples share the world: undo an earlier example's moves
        Producer.objects.filter(pk=world[who].pk).update(commune_id=world[who].commune_id)
    ground = RevocationGround.objects.filter(active=True).first()
    bulk = False
    for number, operation in enumerate(operations):
        if operation[0] == "issue":
            _kind, index, stars, day, historical = operation
            clock.set(max(day, D(2026, 3, 10)))
            extra = {"number": f"GCN-{number:03d}/{day.year}", "valid_from": day} if historical else {}
            # A write the rules refuse (a contradicting decision) changes nothing: the property still holds.
            with contextlib.suppress(DomainError):
                issue(
                    product=three_products[index],
                    version=version,
                    stars=stars,
                    decision_date=day,
                    decision_number=f"{number}/QĐ-UBND",
                    **extra,
                )
        elif operation[0] == "revoke":
            _kind, index, day = operation
            open_ones = list(
                Certificate.objects.filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRED])
                .filter(valid_from__lte=day)
                .order_by("pk")
            )
            if open_ones:
                clock.set(day)
                chosen = open_ones[index % len(open_ones)]
                certificate_revoke(
                    actor=None, system=SystemCaller.DEMO, certificate=chosen, ground=ground, reason="Kiểm tra"
                )
        elif operation[0] == "expire":
            clock.set(operation[1])
            certificates_expiry_run(today=operation[1])
        elif operation[0] == "move":
            _kind, who, where = operation
            Producer.objects.filter(pk=world[who].pk).update(commune_id=world[where].commune_id)
        else:
            _kind, index, stars, day = operation
            product = three_products[index]
            Certificate.objects.bulk_create(
                [
                    Certificate(
                        number=f"LOAD-{number:03d}",
                        product=product,
                        producer=product.producer,
                        stars=stars,
                        criteria_version=version,
                        decision_number=f"{number}/QĐ",
                        decision_date=day,
                        authority_level="province",
                        authority_name="UBND tỉnh",
                        signer_name="Nạp hàng loạt",
                        valid_from=day,
                        valid_until=day.replace(year=day.year + 3) - datetime.timedelta(days=1),
                        status=CertificateStatus.EXPIRED,
                    )
                ]
            )
            bulk = True
    if bulk:  # a load that bypasses the services is brought in by the rebuild
        certified_spans_rebuild()
    expected = certified_spans_expected()
    assert certified_spans_stored() == expected
    ends = sorted(set(Certificate.objects.values_list("valid_until", flat=True)))
    days = [D(2026, 3, 10), D(2022, 6, 30)] + [
        end + datetime.timedelta(days=shift) for end in ends[:3] for shift in (0, 1)
    ]
    for today in days:
        for place in (None, province(22).pk):
            for first, last, minimum in ((2021, 2025, 3), (2019, 2026, 4), (2024, 2024, 5)):
                query = Query(first_year=first, last_year=last, province_id=place, today=today).with_parameters(
                    {"min_stars": minimum}
                )
                for name, (from_spans, from_certificates) in _figures(query).items():
                    assert from_spans == from_certificates, (name, today, place, first, last, minimum)
    certified_spans_rebuild()
    assert certified_spans_stored() == expected


def test_a_revocation_through_the_service_ends_the_span_in_its_transaction(world, version, clock, three_products):
    """Given a ★4 certificate issued on 15/01/2026, when it is revoked on 10/03/2026, then the product
    counts until 09/03/2026 only, without a rebuild."""
    certificate = issue(product=three_products[0], version=version, stars=4, decision_date=D(2026, 1, 15))
    certified = computation("certified_products")
    on = lambda day: certified.total(Query(first_year=2026, last_year=2026, today=day))  # noqa: E731
    assert (on(D(2026, 3, 9)), on(D(2026, 3, 10))) == (Decimal(1), Decimal(1))
    certificate_revoke(
        actor=None,
        system=SystemCaller.DEMO,
        certificate=certificate,
        ground=RevocationGround.objects.filter(active=True).first(),
        reason="Vi phạm",
    )
    assert timezone.localdate() == D(2026, 3, 10)
    assert (on(D(2026, 3, 9)), on(D(2026, 3, 10))) == (Decimal(1), Decimal(0))
    assert certified_spans_stored() == certified_spans_expected()
