"""WSGI entry point: ``gunicorn wsgi:app``."""

from dsd import create_app

app = create_app()
