"""The car wash's own vocabulary: money, catalog, customers and tickets, free of I/O."""
