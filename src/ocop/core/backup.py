"""Backup and restore of the database and the uploaded files (`make backup`, `make restore`).

A backup is one folder: the database (`db.dump`, PostgreSQL's custom format by `pg_dump`; or
`db.sqlite3`, a copy by SQLite's online backup API), the media folder (`media/`) and
`manifest.json` with the row count of every table and the SHA-256 of every file, both taken from
the same snapshot as the dump. The folder is written as `<name>.partial` and renamed when complete,
so a folder without that suffix is always a whole backup.

A restore replaces the database and the media folder (copied beside it, then swapped), then
compares the row counts and file hashes with the manifest and fails, naming each difference, if one
differs. On PostgreSQL the database is replaced in one transaction (all or nothing): psql first
drops every table, view and sequence of the schema (`EMPTY_SCHEMA`), then runs the SQL that
pg_restore writes from the dump. Not `pg_restore --clean`: it drops the constraints of each
partition of a partitioned table (programme_salesline) one by one, which PostgreSQL refuses
("cannot drop inherited constraint").
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
MEDIA = "media"


# Drops what a restore recreates: every table (a partitioned one with its partitions), view and
# sequence of the current schema, except objects that belong to an extension (the dump's
# CREATE EXTENSION IF NOT EXISTS keeps those).
EMPTY_SCHEMA = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        ORDER BY c.relkind DESC
    LOOP
        EXECUTE format(
            'DROP %s IF EXISTS %I CASCADE',
            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
            item.relname
        );
    END LOOP;
END
$$;
"""


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


@dataclass
class Backup:
    folder: Path
    engine: str
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def default_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups" / timezone.localtime().strftime("%Y%m%d-%H%M%S")


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("Không sao lưu được cơ sở dữ liệu loại %(vendor)s.") % {"vendor": vendor})
    return vendor


def _local_media_root() -> Path | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    return Path(settings.MEDIA_ROOT) if backend == "django.core.files.storage.FileSystemStorage" else None


def table_counts(raw_connection, vendor: str) -> dict[str, int]:
    """Rows in every table, from a DB-API connection (so from exactly what it sees)."""
    cursor = raw_connection.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 - a table name from the catalogue, quoted
        counts[name] = cursor.fetchone()[0]
    cursor.close()
    return counts


def file_hashes(root: Path | None) -> dict[str, str]:
    """SHA-256 of every file under root, by its path relative to root."""
    if root is None or not root.is_dir():
        return {}
    hashes = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(chunk)
            hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    command = [program, "--no-password"]
    if settings_dict.get("HOST"):
        command += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        command += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        command += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return command, env


def _require(program: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(_("Không tìm thấy chương trình %(program)s (gói postgresql-client).") % {"program": program})


def _failed(program: str, stderr: str) -> BackupError:
    return BackupError(_("%(program)s thất bại: %(error)s") % {"program": program, "error": stderr.strip()[-2000:]})


def _run(command: list[str], env: dict) -> None:
    _require(command[0])
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - pg_dump, pg_restore or psql with arguments from settings
    if result.returncode != 0:
        raise _failed(command[0], result.stderr)


def _restore_postgresql(dump: Path, settings_dict: dict) -> None:
    """Empty the schema and load the dump in one psql transaction.

    pg_restore first writes the dump's SQL to a temporary file, so that a pg_restore failing half-way
    can never hand psql half a script to commit.
    """
    restore, env = _pg_command("pg_restore", settings_dict)
    psql, _env = _pg_command("psql", settings_dict)
    _require(restore[0])
    _require(psql[0])
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as work:
        script = Path(work) / "restore.sql"
        _run([*restore, "--no-owner", "--exit-on-error", f"--file={script}", str(dump)], env)
        psql += ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--output=/dev/null"]
        _run([*psql, "--command", EMPTY_SCHEMA, f"--file={script}", "--dbname", str(settings_dict["NAME"])], env)


def backup_create(*, folder: Path | None = None, using: str = "default") -> Backup:
    """Write a whole backup to `folder` (a new dated folder under var/backups/ by default)."""
    folder = Path(folder) if folder else default_folder()
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(_("Thư mục %(folder)s đã có dữ liệu; hãy chọn thư mục khác.") % {"folder": folder})
    vendor = _vendor(using)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        tables = _dump_sqlite(partial, using) if vendor == "sqlite" else _dump_postgresql(partial, using)
        media_root = _local_media_root()
        if media_root is not None and media_root.is_dir():
            shutil.copytree(media_root, partial / MEDIA)
        files = file_hashes(partial / MEDIA)
        manifest = {
            "created_at": timezone.now().isoformat(),
            "engine": vendor,
            "database": SQLITE_FILE if vendor == "sqlite" else PG_FILE,
            "media": "folder" if media_root is not None else "bucket (not included: back it up with its own tools)",
            "tables": tables,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        if folder.exists():
            folder.rmdir()
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(folder=folder, engine=vendor, tables=tables, files=files)


def _dump_sqlite(partial: Path, using: str) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(partial / SQLITE_FILE)
    try:
        connection.connection.backup(target)
        return table_counts(target, "sqlite")
    finally:
        target.close()


def _dump_postgresql(partial: Path, using: str) -> dict[str, int]:
    """pg_dump of an exported snapshot, whose row counts are taken in the same snapshot."""
    connection = connections[using]
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        cursor = raw.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = table_counts(raw, "postgresql")
        command, env = _pg_command("pg_dump", connection.settings_dict)
        command += ["--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={partial / PG_FILE}"]
        _run([*command, "--dbname", connection.settings_dict["NAME"]], env)
        raw.rollback()
        return tables
    finally:
        raw.close()


def backup_read(folder: Path) -> Backup:
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(folder)s không phải một bản sao lưu (thiếu hoặc hỏng manifest.json): %(error)s")
            % {"folder": folder, "error": error}
        ) from error
    return Backup(folder=folder, engine=manifest["engine"], tables=manifest["tables"], files=manifest["files"])


def backup_restore(*, folder: Path, using: str = "default") -> Backup:
    """Replace the database and the media folder with the backup in `folder`, then check both."""
    backup = backup_read(folder)
    vendor = _vendor(using)
    if backup.engine != vendor:
        raise BackupError(
            _("Bản sao lưu của %(engine)s không khôi phục được vào %(vendor)s.")
            % {"engine": backup.engine, "vendor": vendor}
        )
    connection = connections[using]
    if vendor == "sqlite":
        source = sqlite3.connect(backup.folder / SQLITE_FILE)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        _restore_postgresql(backup.folder / PG_FILE, connection.settings_dict)
    media_root = _local_media_root()
    if media_root is not None:
        _replace_folder(media_root, backup.folder / MEDIA)
    _check(backup, using, media_root)
    return backup


def _replace_folder(target: Path, source: Path) -> None:
    """Make `target` hold exactly what `source` holds: copied beside it, then swapped in."""
    incoming = target.with_name(target.name + ".restoring")
    outgoing = target.with_name(target.name + ".replaced")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir(parents=True)
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)


def _check(backup: Backup, using: str, media_root: Path | None) -> None:
    connection = connections[using]
    connection.ensure_connection()
    tables = table_counts(connection.connection, connection.vendor)
    files = file_hashes(media_root) if media_root is not None else backup.files
    problems = [
        _("bảng %(table)s: %(found)s dòng, bản sao lưu có %(expected)s")
        % {"table": name, "found": tables.get(name, "—"), "expected": count}
        for name, count in sorted(backup.tables.items())
        if tables.get(name) != count
    ]
    problems += [
        _("tệp %(name)s khác bản sao lưu") % {"name": name}
        for name in sorted(set(backup.files) | set(files))
        if backup.files.get(name) != files.get(name)
    ]
    if problems:
        raise BackupError(_("Khôi phục không khớp bản sao lưu: %(problems)s") % {"problems": "; ".join(problems)})
