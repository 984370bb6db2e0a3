"""The cells and tables a dashboard is made of, shared by the page, the workbook and the PDF."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """A table cell: the text the page and the PDF show, its link, and for the workbook the value behind
    the text with its kind ("money", "count", "percent", "year", "date"; "" for text)."""

    text: str
    href: str = ""
    value: object = None
    kind: str = ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    numeric: set[int] = field(default_factory=set)
