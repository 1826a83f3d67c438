"""A custom link template that is not an http(s) address is refused when set and on load."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from cablereader.core.links import LinkSettings, UrlStyle
from cablereader.ui import link_commands
from cablereader.ui.reader.paragraph_links import link_settings, save_link_settings
from cablereader.ui.window_settings import LINK_STYLE, LINK_TEMPLATE

HOSTILE = (
    "javascript:alert(document.cookie)//{refid}",
    "file:///home/user/.ssh/id_rsa#{refid}",
    "https://x.example/{refid}\x1b]52;c;cm0gLXJm\x07",
)


@pytest.mark.parametrize("template", HOSTILE)
def test_a_stored_hostile_template_is_not_used(template: str) -> None:
    LINK_STYLE.set(UrlStyle.CUSTOM.value)  # stored by hand, as an older version could have
    LINK_TEMPLATE.set(template)
    assert link_settings() == LinkSettings()  # the default style, not the template


@pytest.mark.parametrize("template", HOSTILE)
def test_the_settings_menu_refuses_a_hostile_template(
    qtbot, window, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    save_link_settings(UrlStyle.PLUSD)
    warnings: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *args, **kwargs: (template, True))
    )
    monkeypatch.setattr(
        link_commands, "show_plain_warning", lambda parent, title, text: warnings.append(text)
    )
    menu = link_commands.link_style_menu(window)
    custom = next(a for a in menu.actions() if a.data() == UrlStyle.CUSTOM.value)
    custom.trigger()
    assert len(warnings) == 1
    assert link_settings() == LinkSettings(UrlStyle.PLUSD, "")
    checked = [a.data() for a in menu.actions() if a.isChecked()]
    assert checked == [UrlStyle.PLUSD.value]
