from sqlalchemy import select

from dsd.auth.passwords import check_password
from dsd.models import User


def test_command_creates_a_scoped_user(runner, make_distributor, db_session):
    make_distributor("BRU")

    result = runner.invoke(
        args=[
            "users",
            "create",
            "Disp@Example.test",
            "--role",
            "dispatcher",
            "--distributor",
            "BRU",
            "--password",
            "long-enough-1",
        ]
    )

    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User))
    assert user.email == "disp@example.test"
    assert user.distributor.code == "BRU"
    assert user.password_hash.startswith("$argon2id$")
    assert check_password(user.password_hash, "long-enough-1")


def test_command_names_an_unknown_distributor(runner, db_session):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "d@example.test",
            "--role",
            "driver",
            "--distributor",
            "NOPE",
            "--password",
            "long-enough-1",
        ]
    )

    assert result.exit_code != 0
    assert "distributor: no distributor with code 'NOPE'" in result.output
    assert db_session.scalar(select(User)) is None
