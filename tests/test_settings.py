"""Settings: merging of environment and overrides, errors, and the README table that cannot drift."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from qa.errors import SettingsError
from qa.settings import BYTES_PER_MB, Settings, settings_table

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No ``QA_*`` variable from the caller's shell leaks into these tests."""
    for name in list(os.environ):
        if name.upper().startswith("QA_"):
            monkeypatch.delenv(name)


def test_readme_holds_the_settings_table_verbatim():
    assert settings_table() in README.read_text(encoding="utf-8"), (
        "README's Settings table is stale; paste the output of `python -m qa.settings` into it")


def test_settings_table_has_every_field_described():
    table = settings_table()
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        assert f"| `QA_{name.upper()}` |" in table


def test_settings_table_renders_defaults_readably():
    rows = {line.split(" | ")[0].strip("| `"): line.split(" | ")[1] for line in settings_table().splitlines()[2:]}
    assert rows["QA_DATA_DIR"] == "per-user data dir"
    assert rows["QA_EMBED_MODEL"] == "packaged all-MiniLM-L6-v2 (ONNX)"
    assert rows["QA_CHROMA_HOST"] == "unset" and rows["QA_UI_AUTH"] == "unset" and rows["QA_LLM_API_KEY"] == "unset"
    assert rows["QA_TOP_K"] == "5" and rows["QA_ABSTAIN_BELOW"] == "0.3" and rows["QA_MAX_FILE_MB"] == "25"


def test_python_m_qa_settings_prints_the_table():
    out = subprocess.run([sys.executable, "-m", "qa.settings"], capture_output=True, text=True, check=True).stdout
    assert out == settings_table() + "\n"


def test_max_file_bytes_is_decimal_megabytes():
    assert BYTES_PER_MB == 1_000_000
    assert Settings.load(max_file_mb=25).max_file_bytes == 25_000_000
    assert Settings.load(max_file_mb=2.01).max_file_bytes == 2_010_000  # 2.01 * 1e6 is 2009999.9999999998
    assert isinstance(Settings.load().max_file_bytes, int)


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("QA_TOP_K", "7")
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QA_LLM", "ollama")
    settings = Settings.load()
    assert settings.top_k == 7 and settings.data_dir == tmp_path and settings.llm == "ollama"


def test_explicit_overrides_beat_the_environment(monkeypatch):
    monkeypatch.setenv("QA_TOP_K", "7")
    monkeypatch.setenv("QA_MAX_FILE_MB", "3")
    settings = Settings.load(top_k=3)
    assert settings.top_k == 3 and settings.max_file_mb == 3


def test_none_overrides_leave_the_environment_or_default(monkeypatch):
    monkeypatch.setenv("QA_TOP_K", "7")
    settings = Settings.load(top_k=None, candidates=None, chroma_host=None)
    assert settings.top_k == 7 and settings.candidates == 100 and settings.chroma_host is None


@pytest.mark.parametrize("name,value", [("QA_TOP_K", "many"), ("QA_TOP_K", "0"), ("QA_MAX_FILE_MB", "-1"),
                                        ("QA_LLM", "gpt"), ("QA_UI_AUTH", "no-colon")])
def test_a_bad_environment_value_names_the_variable_and_keeps_the_cause(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        Settings.load()
    assert name in str(info.value) and "\n" not in str(info.value)
    assert isinstance(info.value.__cause__, ValidationError)


def test_a_bad_override_is_a_settings_error_too():
    with pytest.raises(SettingsError, match="QA_CHROMA_PORT") as info:
        Settings.load(chroma_port=70000)
    assert isinstance(info.value.__cause__, ValidationError)


def test_unknown_keywords_are_rejected():
    with pytest.raises(ValidationError, match="top_kk"):
        Settings(top_kk=3)
    with pytest.raises(SettingsError, match="top_kk"):
        Settings.load(top_kk=3)
