"""The counter's use cases: checkout, customers, sign-in, demo data, backups."""
