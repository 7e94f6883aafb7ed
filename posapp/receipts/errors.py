"""PrintError: a printer that could not print, in words the cashier can act on."""

from __future__ import annotations

from posapp.domain.errors import UserError


class PrintError(UserError):
    """The printer is off, out of paper, unreachable, paused or missing a driver package.

    The sale is already stored; the message is shown with a Retry and kept with the print job.
    """
