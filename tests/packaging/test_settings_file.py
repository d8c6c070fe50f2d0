"""A settings file or variable the app cannot use stops every command that reads settings with one sentence naming
the file (or variable), the key and what is allowed (exit 1), and the file is left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_app.cli.main import main
from contract_app.settings import SettingsError, load_settings, load_settings_leniently, settings_file

BAD_FILES = {
    "wrong type": (
        '{"answer_backend": "offline", "request_timeout": "abc"}',
        'In the settings file {path}, "request_timeout" is "abc", but it must be a number of seconds above 0, '
        "such as 60.",
    ),
    "unknown backend": (
        '{"answer_backend": "nonsense"}',
        'In the settings file {path}, "answer_backend" is "nonsense", but it must be one of "offline", "openai".',
    ),
    "not JSON": (
        '{"answer_backend": "offline",\n  "request_timeout": 30,,\n}',
        "The settings file {path} is not valid JSON (line 2, column 25): correct it, or delete it to go back to "
        "the defaults.",
    ),
}
COMMANDS = {
    "ingest": ["ingest", "{pdf}"],
    "search": ["search", "{pdf}", "governing law"],
    "ask": ["ask", "{pdf}", "What law governs?"],
    "summarize": ["summarize", "{pdf}"],
    "report": ["report", "{pdf}", "--format", "md"],
    "model": ["model", "download"],
    "matter list": ["matter", "list"],
    "matter search": ["matter", "search", "Falcon", "governing law"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("problem", BAD_FILES)
def test_a_bad_settings_file_stops_every_command_with_one_sentence_and_is_left_untouched(
    problem: str, command: str, sample_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, sentence = BAD_FILES[problem]
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    argv = [arg.format(pdf=sample_pdf) for arg in COMMANDS[command]]
    assert main(argv) == 1
    assert capsys.readouterr().err == f"contract-app: {sentence.format(path=path)}\n"
    assert path.read_text(encoding="utf-8") == text


def test_a_bad_environment_variable_is_named_with_what_it_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_APP_OFFLINE", "perhaps")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert (
        str(refused.value)
        == 'The environment variable CONTRACT_APP_OFFLINE is "perhaps", but it must be true or false.'
    )


def test_the_window_keeps_the_usable_settings_and_collects_each_problem() -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"openai_model": "local-llm", "request_timeout": -5, "rerank_backend": 3}))
    settings, problems = load_settings_leniently()
    assert (settings.openai_model, settings.request_timeout, settings.rerank_backend) == ("local-llm", 60.0, "local")
    assert [(problem.source, problem.key) for problem in problems] == [
        (str(path), "request_timeout"),
        (str(path), "rerank_backend"),
    ]


def test_settings_live_in_the_platform_folder_unless_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CONTRACT_APP_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # what platformdirs follows on Linux
    assert settings_file() == tmp_path / "xdg" / "contract-app" / "settings.json"
