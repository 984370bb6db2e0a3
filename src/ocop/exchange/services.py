"""The import of an `ocop-exchange/1` document (docs/exchange.md) from another installation.

All or nothing, in one transaction: every record is read, matched by its stable identifier (exchange
id, certificate number, round and decision number), validated by the model's own rules and written;
at the first end, if any problem was found, or for a preview (`dry_run`), everything is rolled back.
The report says per table how many records would be (or were) created, updated or left unchanged,
and every problem with its place. Importing the same document twice changes nothing the second time.
"""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.certificates.models import Certificate, RevocationGround
from ocop.core.hooks import ProducersChanged, ProductsChanged, run_hooks
from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.evaluations.models import Decision, Dossier, DossierKind, DossierStatus, EvaluationRound
from ocop.exchange.format import (
    CERTIFICATE_COLUMNS,
    EVALUATION_COLUMNS,
    FORMAT,
    NOT_CHECKSUMMED,
    PRODUCER_COLUMNS,
    PRODUCT_COLUMNS,
    ROUND_COLUMNS,
    TABLES,
    VERSION,
    Column,
    Kind,
)
from ocop.exchange.reading import (
    Problem,
    Unreadable,
    problem,
    read_code,
    read_text_ref,
    read_uuid,
    read_value,
    shown,
)
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict, Province
from ocop.imports.problems import bilingual
from ocop.producers.models import Producer
from ocop.products.models import Product

MAX_RECORDS = 200_000  # per table
MAX_PROBLEMS = 500  # a report lists at most this many; the rest are counted
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024

# Columns written by the installation that exported, not taken by the import.
NOT_IMPORTED = NOT_CHECKSUMMED


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class Report:
    """What an import did (or, as a preview, would do), per table, and what stopped it."""

    dry_run: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {table: Counts() for table in (*TABLES, "rounds")})
    problems: list[Problem] = field(default_factory=list)
    problems_left_out: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return sum(counts.created + counts.updated for counts in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "written": self.written,
            "counts": {table: counts.as_dict() for table, counts in self.counts.items()},
            "problems": [item.as_dict() for item in self.problems],
            "problems_left_out": self.problems_left_out,
        }


class DocumentUnreadable(Exception):
    """The bytes are not a JSON document at all; `problem` says why."""

    def __init__(self, item: Problem):
        super().__init__(str(item))
        self.problem = item


def document_load(data: bytes) -> Any:
    """The JSON value in `data`, or DocumentUnreadable."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentUnreadable(
            problem("$", _("tệp lớn quá %(limit)s MB"), {"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)})
        )
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise DocumentUnreadable(problem("$", _("tệp không phải văn bản UTF-8"))) from None
    except (ValueError, RecursionError) as error:
        raise DocumentUnreadable(
            problem("$", _("không đọc được JSON: %(error)s"), {"error": str(error)[:200]})
        ) from None


class _Skip(Exception):
    """The record has a problem (already reported): go on with the next one."""


class _Importer:
    def __init__(self, document: Any, *, actor: User | None, report: Report):
        self.document = document
        self.actor = actor
        self.report = report
        self.producers: dict[uuid.UUID, Producer] = {}
        self.products: dict[uuid.UUID, Product] = {}
        self.failed: set[uuid.UUID] = set()  # records with a problem: what refers to them is not reported again
        self.rounds: dict[tuple[Any, ...], EvaluationRound] = {}
        self.decisions: dict[tuple[Any, ...], Decision] = {}
        self.certificates: dict[str, Certificate] = {}
        self.changed_products: set[int] = set()
        self.changed_producers: set[int] = set()

    # --- problems ---------------------------------------------------------------------------------

    def refuse(self, path: str, message: Any, params: dict[str, Any] | None = None) -> None:
        if len(self.report.problems) >= MAX_PROBLEMS:
            self.report.problems_left_out += 1
            return
        self.report.problems.append(problem(path, message, params))

    # --- the document -----------------------------------------------------------------------------

    def tables(self) -> dict[str, list[Any]] | None:
        document = self.document
        if not isinstance(document, dict):
            self.refuse(
                "$", _("tài liệu phải là một đối tượng JSON {…}, không phải %(value)s"), {"value": shown(document)}
            )
            return None
        if document.get("format") != FORMAT:
            self.refuse(
                "format",
                _("phải là “%(format)s”, không phải %(value)s"),
                {"format": FORMAT, "value": shown(document.get("format"))},
            )
            return None
        version = document.get("version")
        if isinstance(version, bool) or version != VERSION:
            self.refuse(
                "version",
                _("phiên bản %(value)s không đọc được; bản này đọc phiên bản %(version)s"),
                {"value": shown(version), "version": VERSION},
            )
            return None
        tables = {}
        for table in TABLES:
            rows = document.get(table)
            if not isinstance(rows, list):
                self.refuse(table, _("phải là một mảng JSON […], không phải %(value)s"), {"value": shown(rows)})
            elif len(rows) > MAX_RECORDS:
                self.refuse(
                    table, _("có %(count)s bản ghi, quá giới hạn %(limit)s"), {"count": len(rows), "limit": MAX_RECORDS}
                )
            else:
                tables[table] = rows
        return tables if len(tables) == len(TABLES) else None

    def read(self, raw: Any, columns: list[Column], path: str) -> dict[str, Any]:
        """The record's values by column name (references as read, not resolved); _Skip on any problem."""
        if not isinstance(raw, dict):
            self.refuse(path, _("bản ghi phải là một đối tượng JSON {…}, không phải %(value)s"), {"value": shown(raw)})
            raise _Skip
        values: dict[str, Any] = {}
        bad = False
        for column in columns:
            where = f"{path}.{column.name}"
            if column.name not in raw:
                if column.name in NOT_IMPORTED:
                    continue
                self.refuse(where, _("thiếu trường này"))
                bad = True
                continue
            value = raw[column.name]
            if column.name in NOT_IMPORTED:
                continue
            if value is None:
                if not column.nullable:
                    self.refuse(where, _("không được là null"))
                    bad = True
                values[column.name] = None
                continue
            try:
                values[column.name] = self.read_one(column, value, where)
            except Unreadable as error:
                self.refuse(where, error.message, error.params)
                bad = True
        if bad:
            raise _Skip
        return values

    def read_one(self, column: Column, value: Any, where: str) -> Any:
        if column.kind != Kind.REF:
            return read_value(column, value)
        if column.name.endswith("_exchange_id"):
            return read_uuid(value)
        if column.name.endswith("_code") and column.max_length is None:
            return read_code(value)
        if column.name == "round":
            return value  # an object, read by evaluation_round()
        return read_text_ref(value, column.max_length)

    # --- writing one record -----------------------------------------------------------------------

    def save(
        self, table: str, path: str, instance: models.Model, values: dict[str, Any], names: dict[str, str]
    ) -> bool:
        """Give `instance` the values (by attribute), validate and save it; count it. `names` maps a model
        field to its column in the document, for the problems. True when it was created or changed."""
        adding = instance._state.adding
        changed = [attr for attr, value in values.items() if adding or getattr(instance, attr) != value]
        if not adding and not changed:
            self.report.counts[table].unchanged += 1
            return False
        before = None if adding else {attr: _json_safe(getattr(instance, attr)) for attr in changed}
        for attr, value in values.items():
            setattr(instance, attr, value)
        if hasattr(instance, "name_folded"):
            instance.name_folded = _folded(instance)
        try:
            instance.full_clean()
        except ValidationError as error:
            self.validation_problems(path, error, names)
            raise _Skip from None
        try:
            with transaction.atomic():
                instance.save()
        except DatabaseError as error:
            self.refuse(path, _("cơ sở dữ liệu từ chối bản ghi: %(error)s"), {"error": str(error)[:200]})
            raise _Skip from None
        after = {attr: _json_safe(getattr(instance, attr)) for attr in changed}
        audit_record(actor=self.actor, action="exchange.import", target=instance, before=before, after=after)
        counts = self.report.counts[table]
        if adding:
            counts.created += 1
        else:
            counts.updated += 1
        return True

    def validation_problems(self, path: str, error: ValidationError, names: dict[str, str]) -> None:
        for field_name, errors in error.error_dict.items():
            where = path if field_name == NON_FIELD_ERRORS else f"{path}.{names.get(field_name, field_name)}"
            for item in errors:
                message_vi, message_en = bilingual(item.message, item.params)
                if len(self.report.problems) >= MAX_PROBLEMS:
                    self.report.problems_left_out += 1
                else:
                    self.report.problems.append(Problem(where, message_vi.rstrip("."), message_en.rstrip(".")))

    # --- references ---------------------------------------------------------------------------------

    def producer_of(self, key: uuid.UUID, where: str) -> Producer:
        found = self.producers.get(key) or Producer.objects.filter(exchange_id=key).first()
        if found is None:
            if key not in self.failed:
                self.refuse(
                    where,
                    _("không có chủ thể mã trao đổi %(value)s, trong tài liệu cũng như trong cơ sở dữ liệu"),
                    {"value": key},
                )
            raise _Skip
        return found

    def product_of(self, key: uuid.UUID, where: str) -> Product:
        found = self.products.get(key) or Product.objects.select_related("producer").filter(exchange_id=key).first()
        if found is None:
            if key not in self.failed:
                self.refuse(
                    where,
                    _("không có sản phẩm mã trao đổi %(value)s, trong tài liệu cũng như trong cơ sở dữ liệu"),
                    {"value": key},
                )
            raise _Skip
        return found

    def criteria_version_of(self, code: str, where: str) -> CriteriaVersion:
        found = self.versions.get(code)
        if found is None:
            self.refuse(where, _("không có bộ tiêu chí mã “%(value)s”"), {"value": shown(code)})
            raise _Skip
        return found

    def product_set_of(self, version_code: str | None, code: str | None, path: str) -> ProductSet | None:
        if code is None:
            return None
        if version_code is None:
            self.refuse(f"{path}.product_set_code", _("bộ sản phẩm cần cả criteria_version và product_set_code"))
            raise _Skip
        version = self.criteria_version_of(version_code, f"{path}.criteria_version")
        found = self.product_sets.get((version.pk, code))
        if found is None:
            self.refuse(
                f"{path}.product_set_code",
                _("không có bộ sản phẩm mã “%(value)s” trong bộ tiêu chí %(version)s"),
                {"value": shown(code), "version": version.code},
            )
            raise _Skip
        return found

    # --- the tables -----------------------------------------------------------------------------------

    def run(self) -> None:
        tables = self.tables()
        if tables is None:
            return
        self.versions = {version.code: version for version in CriteriaVersion.objects.all()}
        self.product_sets = {(item.version_id, item.code): item for item in ProductSet.objects.all()}
        self.grounds = {ground.code: ground for ground in RevocationGround.objects.all()}
        self.provinces = {province.code: province for province in Province.objects.all()}
        codes = _codes(tables["producers"], "commune_code")
        self.communes = Commune.objects.in_bulk(codes, field_name="code")
        self.old_districts = HistoricalDistrict.objects.in_bulk(
            _codes(tables["producers"], "historical_district_code"), field_name="code"
        )
        self.old_communes = HistoricalCommune.objects.in_bulk(
            _codes(tables["producers"], "historical_commune_code"), field_name="code"
        )
        for table, step in (
            ("producers", self.producer),
            ("products", self.product),
            ("evaluations", self.evaluation),
            ("certificates", self.certificate),
        ):
            seen: dict[Any, int] = {}
            for index, raw in enumerate(tables[table]):
                path = f"{table}[{index}]"
                try:
                    key = step(raw, path)
                except _Skip:
                    key = _record_key(raw, table)
                    if isinstance(key, uuid.UUID):
                        self.failed.add(key)
                    continue
                if key in seen:
                    self.refuse(path, _("trùng với %(table)s[%(index)s]"), {"table": table, "index": seen[key]})
                seen[key] = index

    def producer(self, raw: Any, path: str) -> uuid.UUID:
        values = self.read(raw, PRODUCER_COLUMNS, path)
        key: uuid.UUID = values["exchange_id"]
        instance = Producer.objects.filter(exchange_id=key).first()
        if instance is None and values["tax_code"]:
            # Registered in this installation too, under its own id: the same subject, by its tax code.
            instance = Producer.objects.filter(tax_code=values["tax_code"]).first()
        if instance is None:
            instance = Producer(exchange_id=key)
        commune = self.communes.get(values["commune_code"])
        if commune is None:
            self.refuse(f"{path}.commune_code", _("không có xã mã %(code)s"), {"code": values["commune_code"]})
            raise _Skip
        fields = _data_values(values, PRODUCER_COLUMNS, skip={"exchange_id"})
        fields["commune_id"] = commune.pk
        fields["historical_district_id"] = self.unit(values, "historical_district_code", self.old_districts, path)
        fields["historical_commune_id"] = self.unit(values, "historical_commune_code", self.old_communes, path)
        names = {"commune": "commune_code", "historical_district": "historical_district_code",
                 "historical_commune": "historical_commune_code"}  # fmt: skip
        if self.save("producers", path, instance, fields, names):
            self.changed_producers.add(instance.pk)
        self.producers[key] = instance
        return key

    def unit(self, values: dict[str, Any], name: str, units: dict[int, Any], path: str) -> int | None:
        code = values[name]
        if code is None:
            return None
        unit = units.get(code)
        if unit is None:
            message = _("không có huyện cũ mã %(code)s") if "district" in name else _("không có xã cũ mã %(code)s")
            self.refuse(f"{path}.{name}", message, {"code": code})
            raise _Skip
        return int(unit.pk)

    def product(self, raw: Any, path: str) -> uuid.UUID:
        values = self.read(raw, PRODUCT_COLUMNS, path)
        key: uuid.UUID = values["exchange_id"]
        producer = self.producer_of(values["producer_exchange_id"], f"{path}.producer_exchange_id")
        product_set = self.product_set_of(values["criteria_version"], values["product_set_code"], path)
        instance = Product.objects.filter(exchange_id=key).first()
        if instance is None and values["gtin"]:
            instance = Product.objects.filter(gtin=values["gtin"]).first()
        if instance is None:
            instance = Product(exchange_id=key)
        fields = _data_values(values, PRODUCT_COLUMNS, skip={"exchange_id"})
        fields["producer_id"] = producer.pk
        fields["product_set_id"] = product_set.pk if product_set else None
        names = {"producer": "producer_exchange_id", "product_set": "product_set_code"}
        if self.save("products", path, instance, fields, names):
            self.changed_products.add(instance.pk)
        instance.producer = producer
        self.products[key] = instance
        return key

    def evaluation_round(self, raw: Any, path: str) -> EvaluationRound | None:
        if raw is None:
            return None
        values = self.read(raw, ROUND_COLUMNS, path)
        province = None
        if values["province_code"] is not None:
            province = self.provinces.get(values["province_code"])
            if province is None:
                self.refuse(f"{path}.province_code", _("không có tỉnh mã %(code)s"), {"code": values["province_code"]})
                raise _Skip
        identity = (values["level"], province.pk if province else None, values["year"], values["number"])
        if identity in self.rounds:
            return self.rounds[identity]
        found = EvaluationRound.objects.filter(
            level=values["level"], province=province, year=values["year"], number=values["number"]
        ).first()
        if found is not None:
            self.report.counts["rounds"].unchanged += 1
        else:
            found = EvaluationRound(
                **_data_values(values, ROUND_COLUMNS),
                province=province,
                criteria_version=self.criteria_version_of(values["criteria_version"], f"{path}.criteria_version"),
            )
            self.save("rounds", path, found, {}, {"province": "province_code"})
        self.rounds[identity] = found
        return found

    def evaluation(self, raw: Any, path: str) -> tuple[Any, ...]:
        values = self.read(raw, EVALUATION_COLUMNS, path)
        evaluation_round = self.evaluation_round(values["round"], f"{path}.round")
        product = self.product_of(values["product_exchange_id"], f"{path}.product_exchange_id")
        version = self.criteria_version_of(values["criteria_version"], f"{path}.criteria_version")
        product_set = self.product_set_of(values["criteria_version"], values["product_set_code"], path)
        key = (evaluation_round.pk if evaluation_round else None, product.pk, values["number"])
        instance = Decision.objects.filter(round=evaluation_round, product=product, number=values["number"]).first()
        fields = _data_values(values, EVALUATION_COLUMNS)
        fields.update(criteria_version_id=version.pk, product_set_id=product_set.pk if product_set else None)
        if instance is None:
            # A result from another installation: a decided dossier of its own, as a past result is recorded
            # (evaluations.services.historical_result_record), without the sheets scored elsewhere.
            dossier = Dossier(
                product=product,
                producer=product.producer,
                kind=DossierKind.FIRST,
                status=DossierStatus.DECIDED,
                criteria_version=version,
                product_set=product_set,
                round=evaluation_round,
                total=fields["total"],
                stars=fields["stars"],
                is_historical=True,
            )
            self.save("dossiers", path, dossier, {}, {})
            instance = Decision(dossier=dossier, product=product, round=evaluation_round, recorded_by=None)
        names = {"product_set": "product_set_code", "criteria_version": "criteria_version"}
        if self.save("evaluations", path, instance, fields, names):
            self.changed_products.add(product.pk)
        self.decisions[(product.pk, values["number"])] = instance
        return key

    def certificate(self, raw: Any, path: str) -> str:
        values = self.read(raw, CERTIFICATE_COLUMNS, path)
        number: str = values["number"]
        product = self.product_of(values["product_exchange_id"], f"{path}.product_exchange_id")
        producer = self.producer_of(values["producer_exchange_id"], f"{path}.producer_exchange_id")
        version = self.criteria_version_of(values["criteria_version"], f"{path}.criteria_version")
        fields = _data_values(values, CERTIFICATE_COLUMNS)
        fields.update(product_id=product.pk, producer_id=producer.pk, criteria_version_id=version.pk)
        fields["revocation_ground_id"] = None
        if values["revocation_ground"] is not None:
            ground = self.grounds.get(values["revocation_ground"])
            if ground is None:
                self.refuse(
                    f"{path}.revocation_ground",
                    _("không có căn cứ thu hồi mã “%(value)s”"),
                    {"value": shown(values["revocation_ground"])},
                )
                raise _Skip
            fields["revocation_ground_id"] = ground.pk
        fields["supersedes_id"] = None
        if values["supersedes_number"] is not None:
            superseded = (
                self.certificates.get(values["supersedes_number"])
                or Certificate.objects.filter(number=values["supersedes_number"]).first()
            )
            if superseded is None:
                self.refuse(
                    f"{path}.supersedes_number",
                    _("không có giấy chứng nhận số “%(value)s” (giấy bị thay thế phải đứng trước giấy thay thế nó)"),
                    {"value": shown(values["supersedes_number"])},
                )
                raise _Skip
            fields["supersedes_id"] = superseded.pk
        fields["evaluation_decision_id"] = None
        if values["evaluation_number"] is not None:
            decision = (
                self.decisions.get((product.pk, values["evaluation_number"]))
                or Decision.objects.filter(product=product, number=values["evaluation_number"]).first()
            )
            if decision is None:
                self.refuse(
                    f"{path}.evaluation_number",
                    _("không có kết quả đánh giá số “%(value)s” của sản phẩm này"),
                    {"value": shown(values["evaluation_number"])},
                )
                raise _Skip
            fields["evaluation_decision_id"] = decision.pk
        instance = Certificate.objects.filter(number=number).first() or Certificate()
        names = {"product": "product_exchange_id", "producer": "producer_exchange_id", "supersedes": "supersedes_number",
                 "revocation_ground": "revocation_ground", "evaluation_decision": "evaluation_number"}  # fmt: skip
        if self.save("certificates", path, instance, fields, names):
            self.changed_products.add(product.pk)
        self.certificates[number] = instance
        return number


def _codes(rows: list[Any], name: str) -> list[int]:
    return [row[name] for row in rows if isinstance(row, dict) and isinstance(row.get(name), int)][:MAX_RECORDS]


def _record_key(raw: Any, table: str) -> Any:
    """The exchange id of a record that could not be imported, so that what refers to it is skipped quietly."""
    if table in ("producers", "products") and isinstance(raw, dict):
        try:
            return read_uuid(raw.get("exchange_id"))
        except Unreadable:
            return None
    return None


def _data_values(
    values: dict[str, Any], columns: list[Column], *, skip: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    """The values of the model columns, by model attribute."""
    return {
        column.attr: values[column.name]
        for column in columns
        if column.kind != Kind.REF and column.name not in NOT_IMPORTED and column.name not in skip
    }


def _folded(instance: models.Model) -> str:
    if isinstance(instance, Producer):
        return fold_vietnamese(f"{instance.legal_name} {instance.short_name}")
    if isinstance(instance, Product):
        return fold_vietnamese(f"{instance.name_vi} {instance.name_en}")
    return getattr(instance, "name_folded", "")


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def import_document(document: Any, *, dry_run: bool, actor: User | None = None) -> Report:
    """Import an exchange document (already parsed from JSON). Nothing is written when `dry_run` is set or
    when any problem is found; otherwise every record is written, in one transaction."""
    report = Report(dry_run=dry_run)
    report.counts["dossiers"] = Counts()  # written with the evaluation results, not reported
    with transaction.atomic():
        importer = _Importer(document, actor=actor, report=report)
        importer.run()
        if dry_run or report.problems:
            transaction.set_rollback(True)
        else:
            if importer.changed_producers:
                run_hooks(ProducersChanged(producer_ids=tuple(sorted(importer.changed_producers))))
            if importer.changed_products:
                run_hooks(ProductsChanged(product_ids=tuple(sorted(importer.changed_products))))
            report.written = report.changes > 0
    del report.counts["dossiers"]
    return report
