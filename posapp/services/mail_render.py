"""Follow-up and newsletter e-mails: the manager's template filled in, as plain text and HTML.

The template is `string.Template` text (``$first_name``), not Jinja2: the manager edits words,
not a program; a placeholder can only be replaced, never run anything; and no new dependency
ships with the counter. The HTML is built from the same filled-in paragraphs: inline-styled and
table-based (mail programs ignore most CSS), with no remote image or tracking pixel.
"""

from __future__ import annotations

import html
import secrets
import shutil
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from posapp.domain.errors import UserError
from posapp.resources import resource
from posapp.settings import Business, MailSettings

if TYPE_CHECKING:
    from email.message import EmailMessage

TEMPLATE_FILE = "mail_template.toml"

#: Redemption codes: no 0/O, 1/I/L, so a code read aloud or typed from a phone is never ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

PLACEHOLDERS = frozenset(
    {
        "first_name",
        "shop",
        "wash",
        "offer",
        "service",
        "price",
        "code",
        "address",
        "phone",
        "unsubscribe",
        "text",
    }
)

_BRAND = "#0b5394"


@dataclass(frozen=True)
class MailTemplate:
    """The manager's words: the follow-up's subject and body, the newsletter's frame, the footer."""

    follow_up_subject: str
    follow_up_body: str
    newsletter_body: str
    footer: str


@dataclass(frozen=True)
class Featured:
    """A service the newsletter shows, with its price in the shop's currency."""

    name: str
    price: str
    description: str


@dataclass(frozen=True)
class Letter:
    """One e-mail ready to send: who to, the words in both forms, and its fixed identity."""

    to: str
    subject: str
    text: str
    html: str
    code: str
    message_id: str


def new_code() -> str:
    """A short redemption code like ``K7QM-3XPA``: unique enough that the outbox's UNIQUE rarely says no."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """A code as typed at the counter (any case, spaces, with or without its dash) in its stored form."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


def template_path_for(db_path: Path, *, create: bool = False) -> Path:
    """The template beside the database; the shipped one until a copy is made there (`create`)."""
    beside = db_path.parent / TEMPLATE_FILE
    if beside.is_file():
        return beside
    if not create:
        return resource(TEMPLATE_FILE)
    shutil.copyfile(resource(TEMPLATE_FILE), beside)
    return beside


def load_mail_template(path: Path | None = None) -> MailTemplate:
    """Read and check the template: an unknown placeholder is refused in one sentence, not sent."""
    path = path or resource(TEMPLATE_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserError(f"The mail template {path} cannot be read: {error}.") from None
    template = MailTemplate(
        follow_up_subject=_text(data, path, "follow_up", "subject"),
        follow_up_body=_text(data, path, "follow_up", "body"),
        newsletter_body=_text(data, path, "newsletter", "body"),
        footer=_text(data, path, "footer", "body"),
    )
    for where, words in (
        ("follow_up.subject", template.follow_up_subject),
        ("follow_up.body", template.follow_up_body),
        ("newsletter.body", template.newsletter_body),
        ("footer.body", template.footer),
    ):
        check_placeholders(words, f"{path}: {where}")
    return template


def check_placeholders(words: str, where: str) -> None:
    try:
        names = {
            match.group("named") or match.group("braced")
            for match in Template.pattern.finditer(words)
            if match.group("invalid") is None and match.group("escaped") is None
        }
    except ValueError:
        names = set()
    if any(match.group("invalid") is not None for match in Template.pattern.finditer(words)):
        raise UserError(f"{where} has a lone '$': write '$$' for a dollar sign.")
    unknown = sorted(name for name in names if name not in PLACEHOLDERS)
    if unknown:
        raise UserError(f"{where} uses ${unknown[0]}, which is not a placeholder the counter fills in.")


def _text(data: dict[str, Any], path: Path, section: str, key: str) -> str:
    block = data.get(section)
    value = block.get(key) if isinstance(block, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"The mail template {path} has no {section}.{key} text.")
    return value.strip()


def fill(words: str, values: dict[str, str]) -> str:
    return Template(words).safe_substitute(values)


def compose(
    *,
    to: str,
    subject: str,
    body: str,
    footer: str,
    code: str,
    message_id: str,
    business: Business,
    featured: tuple[Featured, ...] = (),
) -> Letter:
    """Both forms of one message from its filled-in words: the same paragraphs, in the same order."""
    paragraphs = _paragraphs(body)
    footer_lines = _paragraphs(footer)
    # The featured services come just before the paragraph with the code (or at the end).
    at = next((i for i, paragraph in enumerate(paragraphs) if code and code in paragraph), len(paragraphs))
    listed = "\n".join(
        f"- {item.name}: {item.price}" + (f" ({item.description})" if item.description else "")
        for item in featured
    )
    text_parts = [*paragraphs[:at], *([listed] if featured else []), *paragraphs[at:]]
    text = "\n\n".join([*text_parts, "-- ", *footer_lines]) + "\n"
    return Letter(
        to=to,
        subject=subject,
        text=text,
        html=_html(subject, paragraphs, footer_lines, featured, code, business),
        code=code,
        message_id=message_id,
    )


def _paragraphs(words: str) -> list[str]:
    blocks = [" ".join(block.split()) for block in words.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _html(
    subject: str,
    paragraphs: list[str],
    footer: list[str],
    featured: tuple[Featured, ...],
    code: str,
    business: Business,
) -> str:
    at = next((i for i, paragraph in enumerate(paragraphs) if code and code in paragraph), len(paragraphs))
    body = "".join(_html_paragraph(paragraph, code) for paragraph in paragraphs[:at])
    if featured:
        rows = "".join(
            '<tr><td style="padding:8px 0;border-bottom:1px solid #e4e7eb;">'
            f"<strong>{html.escape(item.name)}</strong>"
            + (
                f'<br><span style="color:#52606d;">{html.escape(item.description)}</span>'
                if item.description
                else ""
            )
            + '</td><td align="right"'
            ' style="padding:8px 0;border-bottom:1px solid #e4e7eb;white-space:nowrap;">'
            f"{html.escape(item.price)}</td></tr>"
            for item in featured
        )
        body += (
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"'
            f' style="margin:0 0 14px 0;">{rows}</table>'
        )
    body += "".join(_html_paragraph(paragraph, code) for paragraph in paragraphs[at:])
    foot = "".join(f'<p style="margin:0 0 6px 0;">{html.escape(line)}</p>' for line in footer)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>"
        '<body style="margin:0;padding:0;background-color:#f2f4f7;">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" bgcolor="#f2f4f7">'
        '<tr><td align="center" style="padding:24px 12px;">'
        '<table role="presentation" width="560" cellpadding="0" cellspacing="0" bgcolor="#ffffff"'
        ' style="font-family:Arial,Helvetica,sans-serif;color:#1f2933;">'
        f'<tr><td bgcolor="{_BRAND}"'
        ' style="padding:18px 24px;color:#ffffff;font-size:20px;font-weight:bold;">'
        f"{html.escape(business.name)}</td></tr>"
        f'<tr><td style="padding:24px;font-size:15px;line-height:1.5;">{body}</td></tr>'
        '<tr><td style="padding:16px 24px;font-size:12px;color:#52606d;border-top:1px solid #e4e7eb;">'
        f"{foot}</td></tr>"
        "</table></td></tr></table></body></html>"
    )


def _html_paragraph(paragraph: str, code: str) -> str:
    escaped = html.escape(paragraph)
    if code and code in paragraph:
        escaped = escaped.replace(
            html.escape(code),
            f'<span style="font-family:Courier New,monospace;font-size:18px;font-weight:bold;'
            f'letter-spacing:2px;color:{_BRAND};border:2px dashed {_BRAND};padding:2px 6px;">'
            f"{html.escape(code)}</span>",
        )
    return f'<p style="margin:0 0 14px 0;">{escaped}</p>'


def email_message(letter: Letter, mail: MailSettings, business: Business, now: datetime) -> EmailMessage:
    """The letter as an RFC 5322 message: text and HTML alternatives, List-Unsubscribe (RFC 2369)."""
    # The e-mail package is imported when a message is made: the checkout plans mail, never makes it.
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime, formataddr

    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((business.name, mail.sender))
    message["To"] = letter.to
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = letter.message_id
    # A mailto: the shop reads; no https one-click link, the counter has no web endpoint (RFC 8058).
    message["List-Unsubscribe"] = f"<mailto:{mail.unsubscribe_address}?subject=unsubscribe>"
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    return message
