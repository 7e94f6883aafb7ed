"""Receipts: the ReceiptData snapshot, its PDF and ESC/POS renderers, print jobs and printer backends."""
