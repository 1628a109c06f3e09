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


def test_a_space_without_users_runs_as_a_public_demo():
    settings = load_settings(
        {"SPACE_ID": "me/medassist", "GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "7860"}
    )
    assert settings.demo_active and settings.host == "0.0.0.0" and settings.port == 7860


def test_a_space_with_users_signs_in_and_demo_can_be_forced_either_way():
    assert not load_settings({"SPACE_ID": "me/medassist", "MEDASSIST_USERS": "ann:pw"}).demo_active
    assert not load_settings({"SPACE_ID": "me/medassist", "MEDASSIST_DEMO": "off"}).demo_active
    assert load_settings({"MEDASSIST_DEMO": "on"}).demo_active
    assert not load_settings({}).demo_active


def test_generation_defaults_come_from_the_settings():
    settings = load_settings({"MEDASSIST_TEMPERATURE": "0.2", "MEDASSIST_TOP_P": "0.8", "MEDASSIST_MAX_TOKENS": "300"})
    assert (settings.temperature, settings.top_p, settings.max_tokens) == (0.2, 0.8, 300)


def test_cache_and_data_dirs_are_honoured(tmp_path):
    settings = load_settings({"MEDASSIST_DATA_DIR": str(tmp_path), "MEDASSIST_CACHE_DIR": str(tmp_path / "c")})
    assert settings.data_dir == tmp_path and settings.model_cache_dir == tmp_path / "c"


def test_a_renamed_setting_is_still_read_under_its_old_name(tmp_path, monkeypatch):
    """misuse_llm_head became llm_heads at 7.0.0 (the vector serves both heads): an old file or environment keeps
    working, and the new name wins where both are given."""
    path = tmp_path / "old.toml"
    path.write_text("misuse_llm_head = false\n")
    assert load_settings({}, file=path).llm_heads is False
    monkeypatch.chdir(tmp_path)  # no medassist.toml here
    assert load_settings({}).llm_heads is True
    assert load_settings({"MEDASSIST_MISUSE_LLM_HEAD": "0"}).llm_heads is False
    assert load_settings({"MEDASSIST_MISUSE_LLM_HEAD": "0", "MEDASSIST_LLM_HEADS": "1"}).llm_heads is True
