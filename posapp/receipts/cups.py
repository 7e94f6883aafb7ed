"""Printing a receipt PDF through CUPS with `lp`, at the receipt's own media size, and checking it printed.

Chosen over Qt's QPrinter on Linux and macOS because `lp` tells us what happened: a paused
queue is refused before submitting, the job id is followed until CUPS has finished it, and
a job that cannot finish is cancelled so a later Retry never brings out a second original.
QPrinter reports success as soon as the job is handed over, even to a paused queue.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import time

from posapp.receipts.errors import PrintError

#: How long a receipt may take to leave the queue before the job is cancelled and marked failed.
DEFAULT_TIMEOUT_S = 20.0
_COMMAND_TIMEOUT_S = 10.0


def _run(command: list[str], *, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # C locale: CUPS messages are parsed below and shown as they are.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        return subprocess.run(
            command, input=data, capture_output=True, timeout=_COMMAND_TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise PrintError(
            f"The print system did not answer {command[0]} within {_COMMAND_TIMEOUT_S:.0f} s."
        ) from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    text = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
    return " ".join(text.split()) or f"exit status {result.returncode}"


def media_option(width_mm: float, height_mm: float) -> str:
    """CUPS's custom media size; without it the queue's A4 default scales the receipt up to a page."""
    return f"media=Custom.{math.ceil(width_mm - 0.01)}x{math.ceil(height_mm)}mm"


def check_queue(queue: str) -> None:
    """Refuse early when the queue is unknown, the spooler is down or the queue is paused."""
    result = _run(["lpstat", "-p", queue])
    status = result.stdout.decode("utf-8", "replace")
    if result.returncode != 0 or not status.strip():
        raise PrintError(f"The printer {queue} is not available: {_said(result)}.")
    if re.search(r"\bdisabled\b", status):
        reason = " ".join(status.split("\n", 1)[1].split()) if "\n" in status.strip() else ""
        detail = f" ({reason})" if reason else ""
        raise PrintError(f"The printer {queue} is paused in the print system{detail}.")


def print_pdf(
    pdf: bytes,
    *,
    queue: str,
    width_mm: float,
    height_mm: float,
    title: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> str:
    """Send the PDF to CUPS queue `queue` and wait until CUPS has finished it; returns the job id."""
    if shutil.which("lp") is None or shutil.which("lpstat") is None:
        raise PrintError("The CUPS commands lp and lpstat are not installed on this computer.")
    check_queue(queue)
    result = _run(
        ["lp", "-d", queue, "-t", title, "-o", media_option(width_mm, height_mm), "--", "-"], data=pdf
    )
    if result.returncode != 0:
        raise PrintError(f"The printer {queue} refused the receipt: {_said(result)}.")
    match = re.search(r"request id is (\S+)", result.stdout.decode("utf-8", "replace"))
    if match is None:
        raise PrintError(f"The printer {queue} gave no job number: {_said(result)}.")
    job = match.group(1)
    _wait_until_done(queue, job, timeout_s)
    return job


def _wait_until_done(queue: str, job: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        pending = _run(["lpstat", "-W", "not-completed", "-o", queue]).stdout.decode("utf-8", "replace")
        if not any(line.split()[:1] == [job] for line in pending.splitlines()):
            return
        try:
            check_queue(queue)
        except PrintError as error:
            _cancel(job)
            raise PrintError(f"{error.message.rstrip('.')}; receipt job {job} was cancelled.") from None
        if time.monotonic() > deadline:
            _cancel(job)
            raise PrintError(
                f"The printer {queue} did not print within {timeout_s:.0f} s; job {job} was cancelled."
            )
        time.sleep(0.1)


def _cancel(job: str) -> None:
    """Cancel a stuck job, so that re-enabling the queue cannot print it after a Retry did."""
    _run(["cancel", job])
