"""The manager's add-on report: SQL figures for a day or a range, as tables, PDF, CSV and JSON."""
