"""The manager's add-on report for a day or a range: figures from storage's counts, tables, PDF, CSV, JSON."""
