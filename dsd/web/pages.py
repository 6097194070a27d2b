"""Sign-in, sign-out and the home page for each role."""

import logging
import secrets

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES
from ..auth.passwords import check_password
from ..extensions import db, login_manager
from ..models import Distributor, User

logger = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

login_manager.login_view = "pages.login"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


@bp.before_app_request
def _ensure_csrf_token() -> None:
    session.setdefault("csrf_token", secrets.token_urlsafe(32))


@bp.app_context_processor
def _inject_csrf():
    return {"csrf_token": session.get("csrf_token", "")}


def _form_token_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return bool(sent) and secrets.compare_digest(sent, session.get("csrf_token", ""))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form, and sign the user in."""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        user = db.session.scalar(select(User).filter_by(email=email))
        if not _form_token_ok():
            flash("The form expired; please sign in again.")
        elif (
            user is not None
            and user.active
            and check_password(user.password_hash, password)
        ):
            login_user(user)
            session["csrf_token"] = secrets.token_urlsafe(32)
            logger.info("user %s signed in", user.email)
            return redirect(_safe_next(request.args.get("next")))
        else:
            flash("Wrong email or password.")
        return render_template("login.html", email=email), 401

    return render_template("login.html", email="")


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so a crafted link cannot send users elsewhere.
    if target and target.startswith("/") and not target.startswith("//"):
        return target

    return url_for("pages.home")


@bp.post("/logout")
@login_required
def logout():
    """Sign the user out."""
    if _form_token_ok():
        logout_user()
        session.pop("csrf_token", None)
    return redirect(url_for("pages.login"))


@bp.get("/")
@login_required
def home():
    """The signed-in user's start page."""
    return render_template(
        "home.html", user=current_user, planning=_planning_links(current_user)
    )


def _planning_links(user: User) -> list[Distributor]:
    """The distributors whose plans this user may open from the home page."""
    if user.role not in OFFICE_ROLES:
        return []
    if user.distributor_id is not None:
        return [user.distributor]

    return list(
        db.session.scalars(
            select(Distributor).filter_by(active=True).order_by(Distributor.code)
        )
    )
