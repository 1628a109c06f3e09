import pytest

from backend.config import Settings, SettingsError, load_settings


def test_defaults_select_the_embedded_engine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no medassist.toml here
    settings = load_settings({})
    assert settings.engine == "embedded" and settings.model == "qwen2.5-1.5b-instruct"
    assert settings.temperature == 0.6 and settings.top_p == 0.95


def test_an_endpoint_selects_the_remote_engine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"MEDASSIST_ENDPOINT": "http://tgi:8080", "MEDASSIST_API_KEY": "secret"})
    assert settings.engine == "remote" and settings.api_key == "secret"
    assert "secret" not in repr(settings)


def test_file_then_environment_precedence(tmp_path):
    path = tmp_path / "medassist.toml"
    path.write_text('parallel = 2\nmodel = "qwen2.5-0.5b-instruct"\naudit = false\n')
    settings = load_settings({"MEDASSIST_PARALLEL": "6"}, file=path)
    assert settings.parallel == 6 and settings.model == "qwen2.5-0.5b-instruct" and settings.audit is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDASSIST_PARALLEL": "many"}, "MEDASSIST_PARALLEL"),
        ({"MEDASSIST_PARALLEL": "0"}, "parallel"),
        ({"MEDASSIST_ENGINE": "gpu"}, "MEDASSIST_ENGINE"),
        ({"MEDASSIST_ENGINE": "remote"}, "endpoint"),
        ({"MEDASSIST_ENDPOINT": "tgi:8080"}, "http"),
        ({"MEDASSIST_AUDIT": "perhaps"}, "MEDASSIST_AUDIT"),
    ],
)
def test_bad_settings_name_the_setting(env, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_secrets_are_not_accepted_from_the_settings_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('api_key = "oops"\n')
    with pytest.raises(SettingsError, match="api_key"):
        load_settings({}, file=path)


def test_missing_explicit_settings_file_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings({}, file=tmp_path / "nope.toml")


def test_settings_validate_ranges_directly():
    with pytest.raises(SettingsError):
        Settings(top_p=0.0)


def test_a_hugging_face_space_listens_on_all_interfaces(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings({"GRADIO_SERVER_NAME": "0.0.0.0"}).host == "0.0.0.0"
    assert load_settings({"GRADIO_SERVER_NAME": "0.0.0.0", "MEDASSIST_HOST": "127.0.0.1"}).host == "127.0.0.1"
