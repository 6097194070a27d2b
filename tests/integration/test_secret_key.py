from dsd import create_app
from dsd.config import Config


def test_missing_secret_key_gets_a_random_one_kept_in_the_instance_folder(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("dsd.config.INSTANCE_DIR", tmp_path)

    class NoKey(Config):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'k.sqlite'}"

    first = create_app(NoKey).config["SECRET_KEY"]
    second = create_app(NoKey).config["SECRET_KEY"]

    assert len(first) == 64
    assert first == second
    assert first != "change-me-in-production"
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
