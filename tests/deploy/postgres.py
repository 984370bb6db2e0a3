"""Throwaway PostgreSQL clusters for the database tests: a primary in a temporary folder on a free
port, a streaming replica made from it with `pg_basebackup -R`, and pgbouncer in front of one.
The system cluster on 5432 is never touched. As root, every server runs as the `postgres` user."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.deploy.servers import free_port

PG_BIN = Path(os.environ.get("OCOP_PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def missing_binaries() -> str:
    """Why the clusters cannot be made here ('' when they can)."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN} (set OCOP_PG_BIN)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser"
    return ""


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_postgres(command), check=True, capture_output=True, text=True, **kwargs)


def _folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder


class Cluster:
    """One PostgreSQL server: `Cluster.primary()` or `primary.replica()`; `stop()` removes its folder."""

    def __init__(self, root: Path, port: int):
        self.root = root
        self.data = root / "data"
        self.port = port
        self.log = root / "server.log"

    @classmethod
    def primary(cls) -> "Cluster":
        cluster = cls(_folder("ocop-pg-primary-"), free_port())
        _run([str(PG_BIN / "initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        cluster._configure("wal_level = replica", "max_wal_senders = 4", "fsync = off", "full_page_writes = off")
        cluster.start()
        return cluster

    def replica(self) -> "Cluster":
        """A hot standby streaming from this server (standby.signal and primary_conninfo by `-R`)."""
        standby = Cluster(_folder("ocop-pg-replica-"), free_port())
        _run(
            [
                *(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
                *("-D", str(standby.data), "-R", "-X", "stream", "-c", "fast"),
            ]
        )
        standby._configure("hot_standby = on")
        standby.start()
        return standby

    def _configure(self, *lines: str) -> None:
        settings = [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.root}'",
            "max_connections = 60",
            "shared_buffers = 32MB",
            *lines,
        ]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n" + "\n".join(settings) + "\n")

    def start(self) -> None:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120", "start"])

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        """The result of one statement, as psql prints it unaligned without headers."""
        command = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        command += ["-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", statement]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    def wait_for(self, statement: str, expected: str, database: str = "postgres", seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while (found := self.sql(statement, database)) != expected:
            if time.monotonic() > deadline:
                raise AssertionError(f"{statement!r} gave {found!r}, not {expected!r}, within {seconds} s")
            time.sleep(0.2)


class Pgbouncer:
    """pgbouncer in `pool_mode`, on a free port, in front of `cluster` (every database name)."""

    def __init__(self, cluster: Cluster, pool_mode: str = "transaction", pool_size: int = 4):
        self.root = _folder("ocop-pgbouncer-")
        self.port = free_port()
        self.log = self.root / "pgbouncer.log"
        config = self.root / "pgbouncer.ini"
        users = self.root / "users.txt"
        users.write_text('"postgres" ""\n')
        config.write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={cluster.port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {users}\n"
            f"pool_mode = {pool_mode}\ndefault_pool_size = {pool_size}\nmax_client_conn = 200\n"
            f"logfile = {self.log}\npidfile = {self.root / 'pgbouncer.pid'}\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
        )
        if os.geteuid() == 0:
            for path in (config, users):
                shutil.chown(path, "postgres", "postgres")
        self.process = subprocess.Popen(
            _as_postgres([PGBOUNCER, str(config)]), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while "listening on" not in (self.log.read_text() if self.log.exists() else ""):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {self.log.read_text() if self.log.exists() else ''}")
            time.sleep(0.1)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
