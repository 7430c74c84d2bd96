"""Durable state: SQLAlchemy models, the engine, migrations and the stores built on them."""
