"""The monthly newsletter: a manager composes it, previews it as a customer will see it, and sends it.

Sending puts one message per consenting customer into the outbox (off the GUI thread, on a
connection of its own); the window's mail timer then sends them like the follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp
from posapp.services.followups import (
    MailSetup,
    NewsletterRun,
    create_newsletter,
    newsletter_choices,
    newsletter_letter,
    queue_newsletter,
)
from posapp.services.mail_render import load_mail_template, template_path_for
from posapp.settings import Settings
from posapp.storage.catalog import load_catalog
from posapp.storage.db import open_db

#: Who the preview greets and the code it shows: a made-up customer, never a real one.
PREVIEW_NAME = "Ana"
PREVIEW_CODE = "K7QM-3XPA"


def compose_and_queue(
    db_path: Path,
    settings: Settings,
    now: Callable[[], datetime],
    manager_id: int,
    subject: str,
    text: str,
    services: tuple[str, ...],
) -> NewsletterRun:
    """On a pool thread, with its own connection: store the newsletter and queue it for everyone."""
    db = open_db(db_path)
    try:
        catalog = load_catalog(db)
        newsletter = create_newsletter(
            db, subject=subject, body=text, services=services, catalog=catalog, manager_id=manager_id, now=now
        )
        return queue_newsletter(db, newsletter, settings=settings, now=now, manager_id=manager_id)
    finally:
        db.conn.close()


class NewsletterDialog(QDialog):
    """Subject, words, the services to feature (each with its price), a live preview, and Send."""

    def __init__(self, counter: Counter, manager_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter, self.manager_id = counter, manager_id
        self.setWindowTitle("Monthly newsletter")
        self.setObjectName("newsletter_dialog")
        self.resize(900, 640)
        # The manager edits the words in mail_template.toml beside the database: made on first use.
        template = load_mail_template(template_path_for(counter.db_path, create=not counter.demo))
        self.setup = MailSetup(counter.settings, counter.catalog, counter.setup.scripts, template)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("newsletter_subject")
        self.subject.setAccessibleName("Newsletter subject")
        self.subject.setPlaceholderText("e.g. $shop news: winter care for your paint")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("newsletter_text")
        self.text.setAccessibleName("Newsletter text")
        self.text.setPlaceholderText("Write to your customers. $first_name greets each by name.")
        services = QGroupBox("Feature these services", self)
        column = QVBoxLayout(services)
        self.service_boxes: dict[str, QCheckBox] = {}
        for code, _ in newsletter_choices(counter.catalog):
            service = counter.catalog.get(code)
            box = QCheckBox(f"{service.name} — {self.setup.price(service.price_cents)}", services)
            box.setObjectName(f"newsletter_service_{code}")
            box.toggled.connect(self.refresh_preview)
            column.addWidget(box)
            self.service_boxes[code] = box
        column.addStretch(1)
        form = QFormLayout()
        form.addRow("Subject", self.subject)
        form.addRow("Text", self.text)
        left = QVBoxLayout()
        left.addLayout(form, 2)
        left.addWidget(services, 1)
        self.preview_subject = QLabel(self)
        self.preview_subject.setObjectName("newsletter_preview_subject")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("newsletter_preview")
        self.preview.setAccessibleName("Preview as the customer sees it")
        self.preview.setOpenLinks(False)
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setObjectName("newsletter_preview_text")
        self.preview_text.setReadOnly(True)
        tabs = QTabWidget(self)
        tabs.addTab(self.preview, "As e-mail")
        tabs.addTab(self.preview_text, "Plain text")
        right = QVBoxLayout()
        right.addWidget(self.preview_subject)
        right.addWidget(tabs, 1)
        panes = QHBoxLayout()
        panes.addLayout(left, 1)
        panes.addLayout(right, 1)
        self.message = QLabel(self)
        self.message.setObjectName("newsletter_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.send_button = QPushButton("Send to customers who agreed", self)
        self.send_button.setObjectName("newsletter_send")
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.subject.textChanged.connect(self.refresh_preview)
        self.text.textChanged.connect(self.refresh_preview)
        self.refresh_preview()

    def chosen(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.service_boxes.items() if box.isChecked())

    def refresh_preview(self) -> None:
        """The newsletter exactly as a customer named Ana would get it (the same code renders both)."""
        letter = newsletter_letter(
            self.setup, self.subject.text() or "(no subject yet)", self.text.toPlainText() or "(no text yet)",
            self.chosen(), "customer@example.com", PREVIEW_NAME, PREVIEW_CODE, "",
        )  # fmt: skip
        self.preview_subject.setText(f"Subject: {letter.subject}")
        self.preview.setHtml(letter.html)
        self.preview_text.setPlainText(letter.text)

    def send(self) -> None:
        if not self.subject.text().strip() or not self.text.toPlainText().strip():
            self.message.setText("Give the newsletter a subject and some text first.")
            return
        self.send_button.setEnabled(False)
        self.message.setText("Putting the newsletter in the outbox…")
        counter = self.counter
        BackgroundOp(
            "Sending the newsletter",
            partial(
                compose_and_queue, counter.db_path, counter.settings, counter.now, self.manager_id,
                self.subject.text(), self.text.toPlainText(), self.chosen(),
            ),
            receiver=self,
            success=self._queued,
            failure=self._not_queued,
        ).run_in_background()  # fmt: skip

    def _queued(self, run: NewsletterRun) -> None:
        skipped = ", ".join(
            f"{count} ({reason.replace('_', ' ')})" for reason, count in sorted(run.skipped.items())
        )
        self.message.setText(
            f"In the outbox for {run.queued} customers; it goes out with the next e-mails."
            + (f" Skipped: {skipped}." if skipped else "")
        )
        self.queued = run

    def _not_queued(self, problem: str) -> None:
        self.send_button.setEnabled(True)
        self.message.setText(problem)


def open_newsletter(parent: QWidget, counter: Counter, manager_id: int) -> NewsletterDialog | None:
    """The dialog, or None (said on the window) when the mail template cannot be read."""
    try:
        dialog = NewsletterDialog(counter, manager_id, parent)
    except UserError as error:
        notice = getattr(parent, "show_notice", None)
        if notice is not None:
            notice(error.message)
        return None
    dialog.show()
    return dialog
