"""Records the programme's tests share."""

from django.utils import timezone

from ocop.programme.services import sales_line_save


def sell_this_year(world, products):
    """Sales this year: 30 and 20 million đồng in Quảng Ninh (tea, squid), 10 million in Lào Cai."""
    year = timezone.localdate().year
    for key, amount in (("tea", 30), ("squid", 20), ("lc", 10)):
        sales_line_save(
            actor=world["users"]["admin"],
            product=products[key],
            year=year,
            period_kind="quarter",
            period=1,
            channel="retail_chains",
            amount_vnd=amount * 1_000_000,
        )
