"""The booth form's product picker: checkboxes that promotion/product_picker.js turns into a search box.

Without JavaScript the products are a list of checkboxes; with it, a text box filters them as one types
(folded: "tra" finds "Trà"), the chosen ones show as removable chips, and the checkboxes stay in the
form, hidden, so the form posts the same `products` field either way. Each checkbox carries what the
script needs: the product's name, its producer (to offer only the chosen producer's products) and the
folded text it is searched by (ocop.core.text.fold_vietnamese, the catalogue's folding).
"""

from django import forms

from ocop.core.text import fold_vietnamese


class ProductPicker(forms.CheckboxSelectMultiple):
    template_name = "promotion/widgets/product_picker.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        product = getattr(value, "instance", None)
        if product is not None:
            option["attrs"].update(
                {
                    "data-name": product.name_vi,
                    "data-owner": product.producer.legal_name,
                    "data-producer": product.producer_id,
                    "data-search": fold_vietnamese(f"{product.name_vi} {product.producer.legal_name}"),
                }
            )
        return option

    def id_for_label(self, id_, index=None):
        """The field's label names the search box (the checkboxes have their own labels)."""
        if index is not None or not id_:
            return super().id_for_label(id_, index)
        return f"{id_}_search"
