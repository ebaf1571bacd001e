"""Turn county government gazettes into structured tasks (pure Python: no Flask, no database)."""
