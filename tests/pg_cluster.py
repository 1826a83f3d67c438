"""A throwaway PostgreSQL cluster for the tests: `initdb` and `pg_ctl` in a temporary
folder, listening only on a Unix socket in that folder (no TCP port at all), stopped and
removed at the end of the session.

When $CABLEREADER_TEST_PG holds a server's URL (.ci/run starts one), that server is used
instead. Without PostgreSQL's programs the tests that need a server are skipped, unless
$CABLEREADER_REQUIRE_PG is set (CI), where they fail: a missing server must not pass
unseen. initdb refuses to run as root, so as root the cluster runs as the `postgres`
system user (Debian's package makes it), in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

TEST_PG_ENV = "CABLEREADER_TEST_PG"
REQUIRE_PG_ENV = "CABLEREADER_REQUIRE_PG"


def pg_bindir() -> Path | None:
    """Where initdb and pg_ctl are: `pg_config --bindir`, else Debian's folders."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def socket_url(folder: Path, user: str, dbname: str = "postgres") -> str:
    """A libpq URL to a server on a Unix socket in `folder`."""
    return f"postgresql://{quote(user)}@/{quote(dbname)}?host={quote(str(folder))}"


class Cluster:
    """A cluster this process made: `url` reaches its `postgres` database."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        """`durable`: a server's usual settings (fsync and synchronous commits, as a
        real archive runs with), for benchmarks; tests skip them, as nothing must last."""
        self.bindir = bindir
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="cablereader-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else _login_name()
        self.log = self.folder / "server.log"
        self.url = socket_url(self.folder, self.user)

    def _run(self, *args: str) -> None:
        command = [*args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user,
            "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
            *(() if self.durable else ("--no-sync",)),
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.folder}'"
            " -c max_connections=60 -c shared_buffers=128MB"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "60", "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _login_name() -> str:
    import getpass

    return getpass.getuser()


@contextmanager
def server() -> Iterator[str | None]:
    """The URL of a server to make test databases on, or None when there is none here."""
    given = os.environ.get(TEST_PG_ENV)
    if given:
        yield given
        return
    bindir = pg_bindir()
    if bindir is None:
        yield None
        return
    cluster = Cluster(bindir)
    cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.stop()


def database_url(server_url: str, name: str) -> str:
    """The server's URL with another database name (keeping user, host and options)."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/" + quote(name)))
