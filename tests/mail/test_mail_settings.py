"""The [mail] settings and the manager's mail template: checked whole, refused in one sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posapp.domain.errors import UserError
from posapp.services.mail_render import load_mail_template, normalise_code, template_path_for
from posapp.settings import default_settings_path, load_settings, settings_from_text

from .conftest import mail_settings_text


def test_the_shipped_settings_send_nothing_until_a_server_is_set_up():
    mail = load_settings(default_settings_path()).mail
    assert not mail.configured and mail.security == "starttls" and mail.port == 587


def test_a_password_in_the_settings_file_is_refused_with_its_line(tmp_path: Path):
    text = mail_settings_text(2525).replace('user = ""', 'user = "shop"\npassword = "hunter2"')
    with pytest.raises(UserError) as refused:
        settings_from_text(tmp_path / "settings.toml", text)
    line = text.splitlines().index('password = "hunter2"') + 1
    assert refused.value.message == (
        f"{tmp_path / 'settings.toml'}, line {line}: mail.password must not be in the settings file:"
        " set the POSAPP_MAIL_PASSWORD variable."
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [('security = "none"', 'security = "tls"'), ('sender = "hello@sparkle.example"', 'sender = "hello"')],
)
def test_a_wrong_mail_setting_is_named(tmp_path: Path, change: str, words: str):
    with pytest.raises(UserError, match=r"mail\.(security|sender)"):
        settings_from_text(tmp_path / "s.toml", mail_settings_text(2525).replace(change, words))


def test_the_template_is_copied_beside_the_database_for_the_manager_to_edit(tmp_path: Path):
    db = tmp_path / "counter.db"
    assert template_path_for(db) != tmp_path / "mail_template.toml"
    copy = template_path_for(db, create=True)
    assert copy == tmp_path / "mail_template.toml"
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace('"""\n$offer\n', '"""\n$offer\n\nSee you, $frist_name\n'), encoding="utf-8")
    with pytest.raises(UserError, match=re.escape("uses $frist_name, which is not a placeholder")):
        load_mail_template(copy)


def test_codes_are_read_back_however_they_are_typed():
    assert normalise_code(" k7qm 3xpa ") == "K7QM-3XPA" == normalise_code("K7QM3XPA")
