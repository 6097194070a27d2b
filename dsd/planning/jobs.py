"""Where solves run: a thread of this process, or Celery workers.

In-process is the default and needs nothing. With ``CELERY_BROKER_URL`` set, a
solve is sent to the queue and any worker started with ``celery -A
dsd.celery_worker worker`` picks it up, so solves spread over machines.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

from celery import Celery, Task
from flask import Flask, current_app

logger = logging.getLogger(__name__)


def init_jobs(app: Flask) -> None:
    """Set up the job runner the configuration asks for."""
    broker = app.config.get("CELERY_BROKER_URL")
    if broker:
        app.extensions["celery"] = _celery_for(app, broker)
    else:
        workers = int(app.config.get("SOLVE_THREADS", 1))
        app.extensions["solve_pool"] = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="solve"
        )


def _celery_for(app: Flask, broker: str) -> Celery:
    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, broker=broker, task_cls=AppTask)
    celery.conf.update(
        task_ignore_result=True,
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
    )
    celery.task(name="dsd.solve_plan")(_solve_in_app)
    celery.set_default()
    return celery


def _solve_in_app(plan_id: int) -> None:
    from ..extensions import db
    from .solving import run_solve

    try:
        run_solve(plan_id)
    finally:
        db.session.remove()


def submit_solve(plan_id: int) -> str:
    """Start solving a plan in the background; returns where it runs."""
    app = current_app._get_current_object()
    celery = app.extensions.get("celery")
    if celery is not None:
        celery.send_task("dsd.solve_plan", args=[plan_id])
        logger.info("plan %s sent to the solve queue", plan_id)
        return "celery"

    pool = app.extensions["solve_pool"]

    def work():
        with app.app_context():
            _solve_in_app(plan_id)

    future = pool.submit(work)
    app.extensions.setdefault("solve_futures", {})[plan_id] = future
    logger.info("plan %s solving in this process", plan_id)
    return "thread"


def wait_for_solve(plan_id: int, timeout_s: float | None = None) -> None:
    """Block until an in-process solve ends (for the CLI and the tests)."""
    futures = current_app.extensions.get("solve_futures", {})
    future = futures.pop(plan_id, None)
    if future is not None:
        future.result(timeout=timeout_s)
