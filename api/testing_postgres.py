"""A throwaway PostgreSQL server for tests and benchmarks: Debian's ``postgresql`` binaries, a temporary
directory, a free port on 127.0.0.1, stopped (and deleted) at the end.

PostgreSQL refuses to run as root, so under root (CI) the server runs as the ``postgres`` system user that
Debian's package creates. ``PostgresUnavailable`` says, in one line, why a server could not be started.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (binaries missing, no user to run it as, start failed)."""


def find_bindir() -> Path:
    """The directory of ``initdb`` and ``pg_ctl``: on PATH, else the newest ``/usr/lib/postgresql/<v>/bin`` (Debian)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]) if
                   Path(p).parts[-3].isdigit() else 0)
    if not found:
        raise PostgresUnavailable("PostgreSQL binaries not found (install Debian's package: apt-get install postgresql)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """``start()`` returns the server's base URL; ``create_database()`` gives each test its own database."""

    def __init__(self, *, durable: bool = False) -> None:
        # durable=False turns off fsync: tests need isolation and speed, not crash safety. Benchmarks pass True.
        self.durable = durable
        self.bindir: Path | None = None
        self.root: Path | None = None
        self.port = 0
        self._run_as: dict[str, Any] = {}
        self._started = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def _cmd(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, check=False,
                              cwd=self.root, **self._run_as)

    def start(self) -> str:
        self.bindir = find_bindir()
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root and there is no 'postgres' user to run the server as") from None
            self._run_as = {"user": user.pw_uid, "group": user.pw_gid}
        self.root = Path(tempfile.mkdtemp(prefix="caredraft-pg-"))
        if self._run_as:
            os.chown(self.root, self._run_as["user"], self._run_as["group"])
        data, log = self.root / "data", self.root / "server.log"
        init = self._cmd(str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                         "--no-instructions", *(() if self.durable else ("--no-sync",)))
        if init.returncode != 0:
            self._cleanup()
            raise PostgresUnavailable(f"initdb failed: {(init.stderr or init.stdout).strip()[-400:]}")
        options = [f"-p {{port}}", f"-k {self.root}", "-c listen_addresses=127.0.0.1", "-c max_connections=200"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        for _attempt in range(3):  # a port taken between choosing and binding: try another
            self.port = _free_port()
            started = self._cmd(str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                                "-o", " ".join(options).format(port=self.port), "start", timeout=90)
            if started.returncode == 0:
                self._started = True
                atexit.register(self.stop)
                return self.url
        tail = log.read_text(errors="replace")[-400:] if log.exists() else started.stderr
        self._cleanup()
        raise PostgresUnavailable(f"pg_ctl start failed: {tail.strip()}")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def drop_database(self, url_or_name: str) -> None:
        name = url_or_name.rsplit("/", 1)[-1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._started and self.bindir is not None and self.root is not None:
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
            self._started = False
        self._cleanup()

    def _cleanup(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
