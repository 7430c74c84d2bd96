"""Alembic migrations, shipped as a package so an installed `freebox-bot run` finds them."""
