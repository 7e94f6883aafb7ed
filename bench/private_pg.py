"""A private PostgreSQL cluster for the hub benchmarks: initdb in a temporary folder, its own port.

The same recipe as the hub tests' fixture (tests/hub/conftest.py): as root the cluster belongs
to the `postgres` user (initdb refuses root); fsync stays on, as on a real hub.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cluster:
    port: int
    password: str

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://{user}:{password or self.password}@127.0.0.1:{self.port}/{database}"


def _bin_dir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    for folder in sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    ):
        if (folder / "initdb").exists():
            return folder
    raise SystemExit("PostgreSQL is not installed: run `bash packaging/system-deps.sh test`.")


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="posapp-bench-pg-", dir=Path(__file__).resolve().parent))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    root.chmod(0o700)
    password = secrets.token_hex(16)
    pwfile = root / "pw"
    pwfile.write_text(password)
    if run_as:
        shutil.chown(pwfile, user="postgres")
    data = root / "data"
    subprocess.run(
        [
            *run_as,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        [
            *run_as,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(root / "log"),
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield Cluster(port, password)
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
