"""SQLite storage for the counter: one file, append-only migrations, one transaction per write."""
