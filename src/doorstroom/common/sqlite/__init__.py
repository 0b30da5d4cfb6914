"""The embedded default database: Django's SQLite backend, tuned (see `base`)."""
