"""Entry point for Celery workers: ``celery -A dsd.celery_worker worker``.

The app is built from the environment, which must name the broker in
``CELERY_BROKER_URL`` and the database in ``DATABASE_URL``.
"""

from . import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
