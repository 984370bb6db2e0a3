"""The public catalogue's search index: one folded document per product.

The document is derived data (rebuilt from products, producers, places and the taxonomy by
`services.search_index_refresh`); it is never edited by hand. On SQLite an FTS5 table mirrors it
through triggers (migration 0002); on PostgreSQL GIN indexes over `to_tsvector('simple', text)` and
trigrams of `name_folded` serve the same queries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    product = models.OneToOneField(
        "products.Product",
        verbose_name=_("sản phẩm"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    # Folded product names (vi and en): ranked higher than the rest.
    name_folded = models.CharField(_("tên đã bỏ dấu"), max_length=600)
    # Folded producer name, places, product set and group, description.
    body_folded = models.TextField(_("nội dung đã bỏ dấu"))
    # The source rows' `updated_at` when the document was built: the cheap consistency check compares them.
    product_updated_at = models.DateTimeField()
    producer_updated_at = models.DateTimeField()
    indexed_at = models.DateTimeField(_("lập chỉ mục lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tài liệu chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.name_folded


class SearchWord(models.Model):
    """A word of the search index, for the spelling fallback (`search/spelling.py`): the same list on
    every database. The indexing services add the words of each document they write; a rebuild
    starts the list afresh, so a word no longer indexed stays at most until the next rebuild."""

    word = models.CharField(_("từ"), max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("từ trong chỉ mục tìm kiếm")
        verbose_name_plural = _("từ trong chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.word
