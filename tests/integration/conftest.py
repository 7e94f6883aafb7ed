"""A real, private CUPS spooler for the printer tests, with a cups-pdf virtual printer writing into tmp.

cupsd runs from its own config dir (ServerRoot, RequestRoot, TempDir, logs) and listens on a
private unix socket; CUPS_SERVER points `lp`, `lpstat` and friends at it. cups-pdf reads its
settings only from /etc/cups (compiled in), so the queue gets its own `cups-pdf-<queue>.conf`
there, removed afterwards; the shared cups-pdf.conf is never touched. A missing spooler makes
the tests fail (not skip): `make test` installs it through packaging/system-deps.sh.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONFIG_DIR = Path("/etc/cups")


@dataclass(frozen=True)
class CupsSpooler:
    """The running private spooler: its queue, where cups-pdf writes, and switches for the tests."""

    root: Path
    queue: str
    out: Path

    def printed(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"), key=lambda path: path.stat().st_mtime_ns)

    def wait_for_pdfs(self, count: int, timeout_s: float = 20.0) -> list[Path]:
        """The PDFs cups-pdf has finished writing, once there are `count` of them."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            done = [path for path in self.printed() if path.stat().st_size > 0]
            if len(done) >= count:
                time.sleep(0.2)  # cups-pdf writes through Ghostscript: let the last file close
                return done
            time.sleep(0.05)
        raise AssertionError(f"cups-pdf wrote {len(self.printed())} PDFs, not {count}, in {timeout_s} s")

    def pending_jobs(self) -> str:
        return _cups(["lpstat", "-W", "not-completed", "-o", self.queue]).stdout

    def disable(self, reason: str) -> None:
        _cups(["cupsdisable", "-r", reason, self.queue], check=True)

    def enable(self) -> None:
        _cups(["cupsenable", self.queue], check=True)

    def reject(self, reason: str) -> None:
        _cups(["cupsreject", "-r", reason, self.queue], check=True)

    def accept(self) -> None:
        _cups(["cupsaccept", self.queue], check=True)


def _cups(command: list[str], *, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=20, check=check)


def _require(condition: bool, message: str) -> None:
    if not condition:
        pytest.fail(f"{message} (run `bash packaging/system-deps.sh test`)", pytest_trace=False)


def _write_config(root: Path) -> None:
    for folder in ("spool", "tmp", "cache", "state", "log", "out", "ppd"):
        (root / folder).mkdir()
    # Filters run as the lp user: they must reach the spool files and write temporary ones.
    root.chmod(0o755)
    (root / "tmp").chmod(0o1777)
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nTempDir {root}/tmp\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nAccessLog {root}/log/access_log\nErrorLog {root}/log/error_log\n"
        f"PageLog {root}/log/page_log\nSystemGroup root\n"
    )
    (root / "cupsd.conf").write_text(
        f"LogLevel info\nListen {root}/cups.sock\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
        "ErrorPolicy stop-printer\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )


@pytest.fixture(scope="session")
def cups_spooler() -> Iterator[CupsSpooler]:
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    _require(Path(cupsd).exists(), "cupsd is not installed (Debian package cups)")
    _require(shutil.which("lp") is not None, "lp is not installed (Debian package cups-client)")
    _require(CUPS_PDF_PPD.exists(), "the cups-pdf virtual printer is not installed (printer-driver-cups-pdf)")
    _require(
        os.access(CUPS_PDF_CONFIG_DIR, os.W_OK), "the printer tests need to write /etc/cups (run as root)"
    )

    root = Path(tempfile.mkdtemp(prefix="posapp-cups-"))
    _write_config(root)
    queue = f"posapp-test-{os.getpid()}"
    queue_config = CUPS_PDF_CONFIG_DIR / f"cups-pdf-{queue}.conf"
    queue_config.write_text(f"Out {root}/out\nLog {root}/log\nLabel 0\n")
    previous_server = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = str(root / "cups.sock")
    spooler = subprocess.Popen(
        [cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while "is running" not in _cups(["lpstat", "-r"]).stdout:
            if spooler.poll() is not None or time.monotonic() > deadline:
                errors = (
                    spooler.stderr.read().decode() if spooler.stderr and spooler.poll() is not None else ""
                )
                pytest.fail(f"cupsd did not start: {errors or 'timed out'}", pytest_trace=False)
            time.sleep(0.05)
        # The device URI names the per-queue cups-pdf config written above.
        _cups(["lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-P", str(CUPS_PDF_PPD)], check=True)
        yield CupsSpooler(root=root, queue=queue, out=root / "out")
    finally:
        spooler.terminate()
        try:
            spooler.wait(timeout=10)
        except subprocess.TimeoutExpired:
            spooler.kill()
            spooler.wait()
        if spooler.stderr:
            spooler.stderr.close()
        queue_config.unlink(missing_ok=True)
        if previous_server is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous_server
        shutil.rmtree(root, ignore_errors=True)
