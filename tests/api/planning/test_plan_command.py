from .conftest import SERVICE_DATE


def test_command_plans_a_date_and_prints_totals(runner, planning_world, make_user):
    make_user("dispatcher", planning_world["distributor"])

    result = runner.invoke(
        args=[
            "plan",
            "create",
            "--distributor",
            "BRU",
            "--date",
            str(SERVICE_DATE),
            "--time-limit",
            "1",
        ]
    )

    assert result.exit_code == 0, result.output
    assert "stops served      6" in result.output
    assert "cases             174" in result.output


def test_command_names_an_unknown_distributor(runner, planning_world):
    result = runner.invoke(
        args=["plan", "create", "--distributor", "NOPE", "--date", "2026-03-10"]
    )

    assert result.exit_code != 0
    assert "no distributor with code 'NOPE'" in result.output
