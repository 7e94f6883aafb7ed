"""The window's side of mail: the outbox timer off the GUI thread, and the newsletter's preview and send."""

from __future__ import annotations

from posapp.gui.mail_timer import MailSender
from posapp.gui.newsletter_dialog import PREVIEW_CODE, NewsletterDialog
from posapp.services.followups import send_due
from posapp.storage import outbox


def test_the_timer_sends_off_the_gui_thread_and_a_stalled_server_never_blocks_it(
    qtbot, shop, smtp_server, clock
):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    sender = MailSender(shop.counter, interval_ms=60_000)
    smtp_server.handler.mode = "stall"  # answers nothing for 3 s; the client gives up after 1 s
    [waiting] = outbox.messages(shop.db)
    assert sender.send_now()
    # The GUI thread only started the work: a send on it would have waited out the stalled server
    # (the client gives up after 1 s) and recorded the retry before returning. Not a timing.
    assert outbox.messages(shop.db) == [waiting] and sender.last_run is None
    assert not sender.send_now()  # one run at a time
    qtbot.waitUntil(lambda: not sender.running, timeout=10_000)
    assert sender.last_run is not None and len(sender.last_run.retried) == 1
    smtp_server.handler.mode = "accept"
    clock.advance(minutes=6)
    with qtbot.waitSignal(sender.finished, timeout=10_000) as said:
        sender.send_now()
    assert said.args == ["E-mails: 1 sent, 0 cancelled, 0 to retry, 0 failed."]
    assert outbox.messages(shop.db)[0].state == "sent"


def test_no_run_without_a_mail_server(qtbot, counter):
    # The shipped settings have an empty [mail] host: nothing is sent, nothing is even started.
    assert not MailSender(counter, interval_ms=60_000).send_now()


def test_the_newsletter_preview_is_what_the_customer_gets_and_send_queues_it(qtbot, shop, smtp_server, clock):
    shop.customer("Bo Ray", "bo@example.com")
    dialog = NewsletterDialog(shop.counter, shop.manager_id)
    qtbot.addWidget(dialog)
    dialog.subject.setText("December at $shop")
    dialog.text.setPlainText("Hello $first_name,\n\nWinter salt eats paint.")
    dialog.service_boxes["underbody_rinse"].setChecked(True)
    wax = shop.counter.catalog.get("underbody_rinse")
    html = dialog.preview.toHtml()
    text = dialog.preview_text.toPlainText()
    assert dialog.preview_subject.text() == "Subject: December at Sparkle Car Wash"
    for part in (html, text):
        assert "Hello Ana," in part and wax.name in part and PREVIEW_CODE in part
        assert shop.setup().price(wax.price_cents) in part
    dialog.send_button.click()
    qtbot.waitUntil(lambda: hasattr(dialog, "queued"), timeout=10_000)
    assert "In the outbox for 1 customers" in dialog.message.text()
    [row] = outbox.messages(shop.db)
    assert (row.kind, row.customer_id) == (
        "newsletter",
        shop.db.execute("SELECT id FROM customers").fetchone()[0],
    )


def test_a_delivered_mail_renders_with_its_inline_styles(qtbot, shop, smtp_server, clock, tmp_path):
    from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    send_due(shop.db, shop.setup(), clock)
    html = smtp_server.received[0].message.get_body(("html",)).get_content()
    document = QTextDocument()
    document.setHtml(html)
    document.setTextWidth(640)
    image = QImage(640, int(document.size().height()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    assert image.save(str(tmp_path / "follow_up.png"))
    assert 250 < image.height() < 900
    header = {image.pixelColor(x, 40).name() for x in range(40, 600, 40)}
    assert "#0b5394" in header  # the shop's header band, painted from the inline style
    assert "Ana" in document.toPlainText() and outbox.messages(shop.db)[0].code in document.toPlainText()
