"""The chain's hub on PostgreSQL: its schema, the tills' sync (push, pull) and the chain's report.

psycopg is imported here only when a hub is used: a counter without a hub never loads it.
"""
