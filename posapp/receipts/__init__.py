"""Receipts: the ReceiptData snapshot, its PDF and ESC/POS renderers, printing a queued job, printers."""
