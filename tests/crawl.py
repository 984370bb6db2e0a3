"""Crawl what a signed-in person can reach and find words no person should read.

`crawl(client)` follows links (GET only) from the dashboard and the menu, visiting at most a few
addresses per route (a list of 40 products is one page to check, not 40) and at most `limit` pages.
`page_text(html)` is what a reader sees: text nodes (not scripts or styles) and the attributes read
aloud or shown (placeholder, title, aria-label, alt, the value of buttons).

The checks (`problems_vi`, `problems_en`) use the project's own catalogues and registries, so a new
enum, audit action or message is checked without editing this file:

- "---------" (Django's empty choice), "None" (a Python value printed);
- a raw enum value (a `choices` value such as "cooperative" whose label differs) or an audit code
  ("dossier.create"), a "QD148 ·" prefix;
- in English mode, a Vietnamese msgid of the catalogues shown as it is (untranslated), and a word
  with Vietnamese letters that is neither in the database's content nor a name;
- in Vietnamese mode, a small list of tell-tale English words and identifiers.
"""

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from babel.messages.pofile import read_po
from django.apps import apps
from django.db import models
from django.urls import Resolver404, resolve

import ocop
from ocop.core.audit import AUDIT_ACTIONS, SYSTEM_ACTOR

SOURCE = Path(ocop.__file__).parent

# Addresses that are not pages to read: files, the API, Django's admin (its own translations),
# the language switch and signing out (which would end the crawl).
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/i18n/", "/accounts/logout", "/healthz", "/readyz")
SKIPPED_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".png", ".jpg", ".jpeg", ".webp", ".svg", ".xml", ".txt")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}
INVISIBLE = {"script", "style", "template", "noscript", "svg", "textarea"}  # a textarea holds what was typed


class TextParser(HTMLParser):
    """Collects the text a reader sees and the links to follow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.hidden_depth = 0
        self.code_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in INVISIBLE:
            self.hidden_depth += 1
            return
        if tag in ("code", "pre", "kbd", "samp"):
            self.code_depth += 1
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])
        for name in SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in INVISIBLE:
            self.hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in INVISIBLE:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in ("code", "pre", "kbd", "samp"):
            self.code_depth = max(0, self.code_depth - 1)

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.hidden_depth and not self.code_depth:
            self.texts.append(text)


@dataclass
class Page:
    url: str
    texts: list[str]
    links: list[str] = field(default_factory=list)


def parse(html: str) -> TextParser:
    parser = TextParser()
    parser.feed(html)
    parser.close()
    return parser


def route_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(
    client, *, start: list[str], limit: int = 250, per_route: int = 2, refused: list[str] | None = None
) -> list[Page]:
    """The HTML pages reachable from `start` by GET, at most `per_route` addresses per route and query keys.

    `refused` collects each followed link that answered 4xx or 5xx ("403 /imports/ from /certificates/…"):
    a page should not offer a link its reader may not follow."""
    came_from: dict[str, str] = {}
    queue = list(start)
    seen: set[str] = set(queue)
    per_key: Counter = Counter()
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code >= 400 and refused is not None:
            refused.append(f"{response.status_code} {url} from {came_from.get(url, 'the start')}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = parse(response.content.decode())
        pages.append(Page(url=url, texts=parser.texts))
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            path = parts.path
            if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
                continue
            if "lang=" in parts.query:  # a page in the other language: the English pass reads it
                continue
            address = path + (f"?{parts.query}" if parts.query else "")
            route = route_of(path)
            if route is None or address in seen:
                continue
            key = (route, tuple(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})))
            if per_key[key] >= per_route:
                continue
            per_key[key] += 1
            seen.add(address)
            came_from[address] = url
            queue.append(address)
    return pages


# --- what the checks know, from the project itself --------------------------------------------


def catalogue_messages() -> dict[str, str]:
    """msgid → English msgstr of every app catalogue (plain messages only)."""
    messages: dict[str, str] = {}
    for po_path in sorted(SOURCE.glob("*/locale/en/LC_MESSAGES/django.po")):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                    messages[message.id] = message.string
    return messages


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^}]*\}")


def untranslated_messages(messages: dict[str, str]) -> set[str]:
    """The catalogue's Vietnamese messages, as a text shows them when the English one is missing.

    A message whose translation is itself (a name, an abbreviation) is not a sign of anything.
    """
    return {
        msgid.strip(" .,:;()·–-*→")
        for msgid, msgstr in messages.items()
        if msgid != msgstr and has_vietnamese(msgid) and not PLACEHOLDER.search(msgid)
    }


def enum_values() -> set[str]:
    """Every stored choice value whose label reads differently (what must never be shown as it is)."""
    values: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            choices = getattr(model_field, "choices", None)
            if not choices or not isinstance(model_field, models.Field):
                continue
            for value, label in model_field.flatchoices:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]{2,}", value) and value != str(label):
                    values.add(value)
    return values


VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def has_vietnamese(text: str) -> bool:
    for character in unicodedata.normalize("NFD", text):
        if unicodedata.category(character) == "Mn":
            return True
    return any(character in VIETNAMESE_LETTERS for character in text)


@dataclass
class Content:
    """What the database holds as text: `plain` has no English version (names, addresses: shown as they
    are in both languages), `translated` maps a Vietnamese text to its English version (shown in
    English mode instead)."""

    plain: set[str] = field(default_factory=set)
    translated: dict[str, set[str]] = field(default_factory=dict)

    def add(self, vietnamese, english=None) -> None:
        if not isinstance(vietnamese, str) or len(vietnamese.strip()) < 2:
            return
        lines = [" ".join(line.split()) for line in vietnamese.splitlines() if line.strip()]
        vietnamese = " ".join(vietnamese.split())
        english = " ".join(english.split()) if isinstance(english, str) else ""
        if english and english != vietnamese:
            self.translated.setdefault(vietnamese, set()).add(english)
        else:
            self.plain.add(vietnamese)
            self.plain.update(lines)  # a page writes each line on its own (linebreaksbr)

    def english(self) -> set[str]:
        return {english for versions in self.translated.values() for english in versions}

    def add_json(self, value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and key.endswith("_en"):
                    continue
                if isinstance(key, str) and isinstance(item, str):
                    base = key.removesuffix("_vi")
                    self.add(item, value.get(f"{base}_en"))
                else:
                    self.add_json(item)
        elif isinstance(value, list):
            for item in value:
                self.add_json(item)
        else:
            self.add(value)


def database_content() -> Content:
    """Every text stored in the database, with its English version where the row has one."""
    content = Content()
    for model in apps.get_models():
        concrete = {f.attname: f for f in model._meta.concrete_fields}
        # A field with choices holds codes ("cooperative"), not text: what must not be shown.
        texts = [
            name
            for name, f in concrete.items()
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices and name != "action"
        ]
        documents = [name for name, f in concrete.items() if isinstance(f, models.JSONField)]
        if not texts and not documents:
            continue
        english_of = {}
        for name in texts:
            if name.endswith("_en"):
                continue
            base = name.removesuffix("_vi")
            if f"{base}_en" in concrete:
                english_of[name] = f"{base}_en"
        for row in model._default_manager.values(*texts, *documents):
            for name in texts:
                if not name.endswith("_en"):
                    content.add(row[name], row.get(english_of.get(name, ""), None))
            for name in documents:
                content.add_json(row[name])
    return content


WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
TELLTALE_ENGLISH = re.compile(
    r"\b(None|True|False|Submit|Save|Cancel|Delete|Edit|Search|Next|Previous|Back|Login|Log in|Logout|"
    r"Password|Username|Dashboard|Details|Actions|Loading|Error|Warning|Required|Choose|Select|Upload|"
    r"Download|Export|Import|Filter|Page|Yes|No|the|and|of|with|for|unverified|criteria|set|draft|"
    r"pending|submitted|approved|rejected|active|inactive|system)\b"
)
TOKEN = re.compile(r"(?<![\w./-])[a-z][a-z0-9_.]*[a-z0-9](?![\w/-])")
EMPTY_CHOICE = "---------"
# Vietnamese that English pages write too: the language picker's own name, the currency.
ALLOWED_IN_ENGLISH = {"Tiếng Việt", "đồng"}
PYTHON_NONE = re.compile(r"(?<![\w-])None(?![\w-])")
# English writes "None." for "nothing" and "None of these applies"; a printed Python None has neither.
PYTHON_NONE_IN_ENGLISH = re.compile(r"(?<![\w-])None(?![\w.-])(?! of)")
QD148_PREFIX = re.compile(r"Q[DĐ]\s?148\s*·")
# A stored English version shorter than this ("Tea") is too likely a word of other text to point at.
MIN_ENGLISH_VERSION = 8


@functools.cache
def whole_words(value: str) -> re.Pattern:
    """`value` where it stands as whole words: a stored "iv" is not taken out of "cooperative"."""
    start = r"(?<!\w)" if re.match(r"\w", value) else ""
    end = r"(?!\w)" if re.search(r"\w$", value) else ""
    return re.compile(start + re.escape(value) + end)


@dataclass
class Checker:
    exact: set[str]
    enums: set[str]
    audit_codes: set[str]
    content: Content
    allowed_english: set[str] = field(default_factory=set)
    cache: dict = field(default_factory=dict)

    @classmethod
    def build(cls) -> "Checker":
        checker = cls(
            exact=untranslated_messages(catalogue_messages()),
            enums=enum_values(),
            audit_codes=set(AUDIT_ACTIONS),
            content=database_content(),
        )
        # Codes stored as text: an enum value, an action name, the platform's own actor label.
        checker.content.plain -= checker.enums | checker.audit_codes | {SYSTEM_ACTOR}
        # English mode may show what has no English version and the English versions themselves
        # (an event's English name keeps the place name "Ba Chẽ").
        checker.plain_longest_first = sorted(
            checker.content.plain | checker.content.english() | ALLOWED_IN_ENGLISH, key=len, reverse=True
        )
        checker.both_longest_first = sorted(
            checker.content.plain | checker.content.english() | set(checker.content.translated),
            key=len,
            reverse=True,
        )
        return checker

    def without(self, text: str, values: list[str]) -> str:
        """`text` with every stored content value it holds taken out (longest first)."""
        key = (text, len(values))
        if key not in self.cache:
            rest = text
            for value in values:
                if len(value) <= len(rest) and value in rest:
                    rest = whole_words(value).sub(" ", rest)
            self.cache[key] = rest
        return self.cache[key]

    def common(self, text: str, *, english: bool) -> list[str]:
        found = []
        values = self.plain_longest_first if english else self.both_longest_first
        if EMPTY_CHOICE in text:
            found.append("an empty choice '---------'")
        if (PYTHON_NONE_IN_ENGLISH if english else PYTHON_NONE).search(text):
            found.append("'None'")
        if QD148_PREFIX.search(text):
            found.append("a 'QD148 ·' prefix")
        tokens = re.findall(TOKEN, text)
        found += [f"the audit code {token!r}" for token in tokens if token in self.audit_codes]
        if any(token in self.enums for token in tokens):
            tokens = re.findall(TOKEN, self.without(text, values))  # "other" inside a stored text is a word
        found += [
            f"the raw value {token!r}"
            for token in tokens
            if token in self.enums and token not in self.audit_codes and ("_" in token or not english)
        ]
        return found

    def problems_vi(self, text: str, page: frozenset[str] = frozenset()) -> list[str]:
        """What is wrong with one text of a Vietnamese page; `page` is every text of that page (an English
        version shown beside its Vietnamese one, as a product page or a registration form does, is not
        a fault: shown alone, it is)."""
        found = self.common(text, english=False)
        for english, vietnamese in self.english_versions_in(text):
            if not any(original in other for original in vietnamese for other in page):
                found.append(f"the English version {english!r} of {sorted(vietnamese)[0]!r}")
        if TELLTALE_ENGLISH.search(text):
            rest = self.without(text, self.both_longest_first)
            for match in TELLTALE_ENGLISH.finditer(rest):
                if match.group(0) not in self.allowed_english:
                    found.append(f"the English word {match.group(0)!r}")
        return found

    def english_versions_in(self, text: str) -> list[tuple[str, set[str]]]:
        """The stored English versions `text` holds as whole words, with their Vietnamese originals."""
        if not hasattr(self, "originals"):
            self.originals: dict[str, set[str]] = {}
            for vietnamese, versions in self.content.translated.items():
                for english in versions:
                    if len(english) >= MIN_ENGLISH_VERSION and english not in self.content.plain:
                        self.originals.setdefault(english, set()).add(vietnamese)
            self.by_first_word: dict[str, list[str]] = {}
            for english in self.originals:
                words = WORD.findall(english)
                if words:
                    self.by_first_word.setdefault(words[0], []).append(english)
        candidates = {english for word in set(WORD.findall(text)) for english in self.by_first_word.get(word, ())}
        found = []
        rest = text
        for english in sorted(candidates, key=len, reverse=True):
            if english in rest and re.search(rf"(?<!\w){re.escape(english)}(?!\w)", rest):
                found.append((english, self.originals[english]))
                rest = rest.replace(english, " ")
        return found

    def problems_en(self, text: str, page: frozenset[str] = frozenset()) -> list[str]:
        """What is wrong with one text of an English page; `page` is every text of that page (a Vietnamese
        version shown beside its English one, as a history of both fields does, is not a fault)."""
        found = self.common(text, english=True)
        stripped = text.strip(" .,:;()·–-*→")
        if stripped in self.content.plain:
            return found
        if stripped in self.exact:
            found.append("an untranslated catalogue message")
        elif has_vietnamese(text):
            beside_english = [
                vietnamese
                for vietnamese, versions in self.content.translated.items()
                if vietnamese in text and any(english in other for english in versions for other in page)
            ]
            values = self.plain_longest_first
            if beside_english:
                values = sorted([*values, *beside_english], key=len, reverse=True)
            rest = self.without(text, values)
            if any(has_vietnamese(word) for word in WORD.findall(rest) if len(word) > 1):  # "đ)" is a code
                versions = [value for value in self.content.translated if value in rest]
                if versions:
                    english = sorted(self.content.translated[versions[0]])
                    found.append(f"the Vietnamese version of {versions[0]!r} (English: {english[0]!r})")
                else:
                    found.append("Vietnamese text in English mode")
        return found
