"""Handing messages to the shop's mail server over SMTP, with the standard library's smtplib.

Every failure comes back as one of three kinds the outbox acts on: temporary (4xx, a timeout, a
refused or dropped connection: try again later), permanent for this address (5xx on the
recipient: stop mailing it), or a connection problem that ends the run (the server is down;
the rest of the outbox waits for the next run, unattempted). The password is read from the
environment when the connection opens and is never put into a message, an error or a log.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from email.message import EmailMessage

from posapp.domain.errors import UserError
from posapp.settings import MAIL_PASSWORD_VARIABLE, MailSettings


class DeliveryError(Exception):
    """A message was not accepted; `reason` says why in words safe to store."""

    def __init__(self, reason: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        #: The message's data had gone out when the connection failed: the server may have taken it.
        self.maybe_delivered = maybe_delivered


class TryLaterError(DeliveryError):
    """Try this message again later."""


class AddressRefusedError(DeliveryError):
    """The server refused the recipient for good: no more mail to this address."""


class MessageRefusedError(DeliveryError):
    """The server refused this message for good (5xx on the sender or the data): a manager looks."""


class ServerUnavailableError(TryLaterError):
    """The connection could not be made or was lost: the run stops here."""


class SmtpTransport:
    """One SMTP connection for a run, opened on the first message and closed at the end."""

    def __init__(self, mail: MailSettings, password: str | None = None) -> None:
        if not mail.configured:
            raise UserError("No mail server is set up: fill in [mail] host and sender in settings.toml.")
        self.mail = mail
        self._password = password if password is not None else os.environ.get(MAIL_PASSWORD_VARIABLE, "")
        if mail.user and not self._password:
            raise UserError(
                f"The mail server needs a password: set the {MAIL_PASSWORD_VARIABLE} environment variable."
            )
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        mail = self.mail
        try:
            if mail.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    mail.host, mail.port, timeout=mail.timeout_seconds, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout_seconds)
            smtp.ehlo()
            if mail.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if mail.user:
                smtp.login(mail.user, self._password)
        except smtplib.SMTPAuthenticationError:
            raise ServerUnavailableError("the mail server refused the user name or password") from None
        except (smtplib.SMTPException, OSError) as error:
            raise ServerUnavailableError(
                self._safe(f"cannot reach the mail server {mail.host}:{mail.port} ({error})")
            ) from None
        self._smtp = smtp
        return smtp

    def deliver(self, message: EmailMessage, sender: str, recipient: str) -> str:
        """Hand one message over; returns the server's reply to its data (`250 ...`)."""
        smtp = self._connection()
        sending_data = False
        try:
            code, reply = smtp.mail(sender)
            if code != 250:
                self._reset(smtp)
                raise self._refusal(code, reply, "the sender")
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                self._reset(smtp)
                failure = self._refusal(code, reply, "the recipient")
                raise (
                    AddressRefusedError(failure.reason)
                    if isinstance(failure, MessageRefusedError)
                    else failure
                )
            sending_data = True
            code, reply = smtp.data(message.as_bytes())
        except smtplib.SMTPDataError as error:
            self._reset(smtp)
            raise self._refusal(error.smtp_code, error.smtp_error, "the message") from None
        except (smtplib.SMTPServerDisconnected, OSError, TimeoutError) as error:
            self._drop()
            lost = str(error) or type(error).__name__
            raise ServerUnavailableError(
                self._safe(f"the mail server connection was lost ({lost})"), maybe_delivered=sending_data
            ) from None
        except smtplib.SMTPResponseException as error:
            self._reset(smtp)
            raise self._refusal(error.smtp_code, error.smtp_error, "the message") from None
        if code != 250:
            raise self._refusal(code, reply, "the message")
        return f"{code} {reply.decode('utf-8', 'replace')}"

    def _refusal(self, code: int, reply: bytes | str, what: str) -> DeliveryError:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        words = self._safe(f"the mail server refused {what}: {code} {text}")
        return MessageRefusedError(words) if 500 <= code < 600 else TryLaterError(words)

    def _safe(self, words: str) -> str:
        # Belt and braces: whatever a server or a library says, the password is never stored.
        return words.replace(self._password, "***") if self._password else words

    def _reset(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
