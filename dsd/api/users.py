"""The people who sign in: administrators manage them."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..auth.access import caller, requires
from ..extensions import db
from ..models import Distributor, User
from ..models.user import ROLES
from ..services import users as service
from .common import SortArgs, page_of, sorted_query

PREFIX = "/users"
blp = Blueprint("users", __name__, description="Users, roles and distributor scope")


class UserIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(validate=validate.Length(max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    distributor = fields.String(
        allow_none=True, metadata={"description": "distributor code; none for admins"}
    )
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=1024)
    )


class UserPatch(Schema):
    name = fields.String(validate=validate.Length(max=200))
    role = fields.String(validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, validate=validate.Length(max=1024))
    active = fields.Boolean()


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    distributor = fields.Function(
        lambda u: u.distributor.code if u.distributor else None
    )
    active = fields.Boolean()


class UserListArgs(SortArgs):
    role = fields.String(validate=validate.OneOf(ROLES))
    distributor = fields.String()
    active = fields.Boolean()


@blp.route("")
class Users(MethodView):
    @requires("admin")
    @blp.arguments(UserListArgs, location="query")
    @blp.response(200, UserOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List the users in the administrator's scope."""
        query = service.visible_users(caller())
        if "role" in args:
            query = query.filter(User.role == args["role"])
        if "active" in args:
            query = query.filter(User.active == args["active"])
        if "distributor" in args:
            query = query.join(Distributor).filter(
                Distributor.code == args["distributor"]
            )
        sortable = {"email": User.email, "role": User.role}
        query = sorted_query(query, args.get("sort"), sortable, User.id)
        return page_of(query, pagination_parameters)

    @requires("admin")
    @blp.arguments(UserIn)
    @blp.response(201, UserOut)
    def post(self, values):
        """Add a user with a role and a distributor."""
        service.check_can_assign(caller(), values.get("distributor"))
        user = service.create_user(
            email=values["email"],
            role=values["role"],
            password=values["password"],
            distributor_code=values.get("distributor"),
            name=values.get("name", ""),
        )
        db.session.commit()
        return user


@blp.route("/<int:user_id>")
class UserItem(MethodView):
    @requires("admin")
    @blp.response(200, UserOut)
    def get(self, user_id):
        """Read one user."""
        return service.get_user(caller(), user_id)

    @requires("admin")
    @blp.arguments(UserPatch)
    @blp.response(200, UserOut)
    def patch(self, changes, user_id):
        """Change a user's name, role, password or state."""
        user = service.get_user(caller(), user_id)
        service.update_user(caller(), user, changes)
        db.session.commit()
        return user

    @requires("admin")
    @blp.response(200, UserOut)
    def delete(self, user_id):
        """Deactivate a user; they can no longer sign in."""
        user = service.get_user(caller(), user_id)
        service.update_user(caller(), user, {"active": False})
        db.session.commit()
        return user
