"""Settings' "Your data" in the browser: encryption at rest with WebCrypto (the locked start, a wrong
passphrase, a new passphrase, stopping, erasing) and backups (a round trip into a wiped profile,
an encrypted backup, and files refused with nothing changed).

Every plaintext check scans every value in IndexedDB and both web storages."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.conftest import origin_of, wait_ready
from tests.browser.test_storage import second_tab, task_titles
from tests.browser.test_tasks import add

PASSPHRASE = "correct horse battery staple"

# Every key and value Daypane's origin keeps in IndexedDB (all databases) and web storage.
EVERYTHING = """async () => {
    const found = [JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage))];
    for (const {name} of await indexedDB.databases()) {
        const db = await new Promise((done) => { const o = indexedDB.open(name); o.onsuccess = () => done(o.result); });
        for (const store of db.objectStoreNames) {
            const values = await new Promise((done) => {
                const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => done(r.result); });
            found.push(JSON.stringify(values.map((v) => typeof v === "string" ? v : String(v))));
        }
        db.close();
    }
    return found.join("\\n");
}"""


def settings(page: Page) -> None:
    page.goto(page.url.split("#")[0] + "#/settings")
    expect(page.get_by_role("button", name="Export backup")).to_be_visible()


def encrypt(page: Page, passphrase: str = PASSPHRASE) -> None:
    settings(page)
    page.get_by_role("button", name="Encrypt data on this device").click()
    page.get_by_label("New passphrase").fill(passphrase)
    page.get_by_label("Repeat passphrase").fill(passphrase)
    page.get_by_role("button", name="Encrypt", exact=True).click()
    expect(page.get_by_role("button", name="Stop encrypting")).to_be_visible()


def unlock(page: Page, passphrase: str = PASSPHRASE) -> None:
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Unlock").click()
    page.wait_for_selector("html[data-app-state='ready']", state="attached", timeout=30_000)


def click_then_restart(page: Page, button) -> None:
    """Click a button after which the app reloads itself (once what it did is stored): wait for
    that new page, not the old one, which is still "ready" until the reload begins."""
    with page.expect_navigation(wait_until="load", timeout=30_000):
        button.click()
    wait_ready(page)


def reload_locked(page: Page) -> None:
    page.reload()
    wait_ready(page, expect="locked")


def test_encrypted_data_starts_locked_shows_nothing_and_opens_only_with_the_passphrase(open_app, page):
    open_app()
    add(page, "Pay the locksmith")
    encrypt(page)
    assert "Pay the locksmith" not in page.evaluate(EVERYTHING)
    reload_locked(page)
    assert "Pay the locksmith" not in page.inner_text("body")
    page.get_by_label("Passphrase").fill("not the passphrase")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("alert")).to_contain_text("That passphrase is not right")
    expect(page.get_by_label("Passphrase")).to_be_focused()        # another try, no lock-out
    assert page.evaluate("document.documentElement.dataset.appState") == "locked"
    unlock(page)
    expect(task_titles(page)).to_have_text(["Pay the locksmith"])
    page.goto(page.url.split("#")[0] + "#/")
    add(page, "Written after unlocking")
    page.get_by_role("checkbox", name="Pay the locksmith", exact=True).check()
    expect(page.locator("#task-list li.done")).to_have_count(1)
    stored = page.evaluate(EVERYTHING)
    for plaintext in ("Pay the locksmith", "Written after unlocking", "locksmith"):
        assert plaintext not in stored


def test_a_new_passphrase_replaces_the_old_one(open_app, page):
    open_app()
    add(page, "Renew the lease")
    encrypt(page)
    page.get_by_role("button", name="Change passphrase").click()
    page.get_by_label("Current passphrase").fill("wrong")
    page.get_by_label("New passphrase").fill("a brand new passphrase")
    page.get_by_label("Repeat passphrase").fill("a brand new passphrase")
    page.get_by_role("button", name="Save new passphrase").click()
    expect(page.get_by_role("alert")).to_contain_text("The current passphrase is not right")
    page.get_by_label("Current passphrase").fill(PASSPHRASE)
    page.get_by_label("New passphrase").fill("a brand new passphrase")
    page.get_by_label("Repeat passphrase").fill("a brand new passphrase")
    page.get_by_role("button", name="Save new passphrase").click()
    expect(page.locator("#toast")).to_contain_text("Your passphrase is changed")
    reload_locked(page)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("alert")).to_contain_text("That passphrase is not right")
    unlock(page, "a brand new passphrase")
    expect(task_titles(page)).to_have_text(["Renew the lease"])


def test_stopping_encryption_stores_everything_readable_again(open_app, page):
    open_app()
    add(page, "Water the plants")
    encrypt(page)
    page.get_by_role("button", name="Stop encrypting").click()
    page.get_by_role("button", name="Store my data unencrypted").click()
    expect(page.get_by_role("button", name="Encrypt data on this device")).to_be_visible()
    page.reload()
    wait_ready(page)  # not locked
    expect(task_titles(page)).to_have_text(["Water the plants"])
    assert "Water the plants" in page.evaluate(EVERYTHING)


def test_a_forgotten_passphrase_erases_this_devices_data_only_when_confirmed(open_app, page):
    open_app()
    add(page, "Forgotten task")
    encrypt(page)
    reload_locked(page)
    page.get_by_text("Forgot passphrase: erase this device's data").click()
    erase = page.get_by_role("button", name="Erase this device's data")
    expect(erase).to_be_disabled()
    page.get_by_label("I understand that everything Daypane stored on this device will be deleted").check()
    click_then_restart(page, erase)  # a fresh start, not locked
    expect(task_titles(page)).to_have_count(0)
    assert "keyring" not in page.evaluate(EVERYTHING)


def test_turning_encryption_on_in_one_tab_stops_the_other_from_writing(open_app, context, site_url):
    a = open_app()
    b = second_tab(context, site_url)
    encrypt(a)
    expect(b.get_by_role("alert").filter(has_text="Reload to update")).to_contain_text("another Daypane tab")
    box = b.get_by_role("textbox", name="New task")
    box.fill("Would be stored unencrypted")
    box.press("Enter")
    expect(task_titles(b)).to_have_count(0)
    assert "Would be stored unencrypted" not in a.evaluate(EVERYTHING)


# -- backups ------------------------------------------------------------------------------------

def export(page: Page, tmp_path, passphrase: str | None = None):
    settings(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export backup").click()
        if passphrase is not None:
            page.get_by_label("Current passphrase").fill(passphrase)
            page.get_by_role("button", name="Export encrypted backup").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def wipe(page: Page, site_url: str) -> None:
    """A new laptop: everything the origin stored is gone (DevTools' "Clear site data")."""
    session = page.context.new_cdp_session(page)
    session.send("Storage.clearDataForOrigin", {"origin": origin_of(site_url), "storageTypes": "all"})
    page.reload()
    wait_ready(page)


def test_a_backup_restores_tasks_calendars_and_settings_into_a_wiped_profile(open_app, page, site_url, tmp_path):
    open_app()
    add(page, "Back me up", "Me too")
    page.get_by_label("Import .ics file").set_input_files("tests/fixtures/ics/google-export.ics")
    expect(page.locator("#toast")).to_contain_text("Imported")
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()
    # The box unticks at the click; the sample leaves the calendar only once the setting is stored.
    expect(page.get_by_role("region", name="Calendar")).not_to_contain_text("Design review")
    path = export(page, tmp_path)
    assert path.name.startswith("daypane-backup-") and path.suffix == ".json"
    assert json.loads(path.read_text())["format"] == "daypane-backup"
    wipe(page, site_url)
    expect(task_titles(page)).to_have_count(0)
    settings(page)
    page.get_by_label("Restore backup").set_input_files(str(path))
    restore = page.get_by_role("group", name="Restore backup")
    expect(restore).to_contain_text("2 tasks")
    expect(restore).to_contain_text("1 imported calendar")
    # The choice opens where it was asked for: right under "Restore backup", above "Encryption".
    chooser = page.locator("label", has_text="Restore backup").bounding_box()
    choice = restore.bounding_box()
    encryption = page.get_by_role("heading", name="Encryption").bounding_box()
    assert chooser["y"] + chooser["height"] <= choice["y"] < chooser["y"] + chooser["height"] + 40
    assert choice["y"] + choice["height"] <= encryption["y"]
    click_then_restart(page, restore.get_by_role("button", name="Replace this device's data"))
    expect(page.locator("#toast")).to_contain_text("from the backup")
    page.goto(page.url.split("#")[0] + "#/")
    expect(task_titles(page)).to_have_text(["Back me up", "Me too"])
    expect(page.get_by_role("checkbox", name="Show sample calendar")).not_to_be_checked()
    calendars = page.get_by_role("list", name="Your calendars")
    expect(calendars.get_by_role("listitem")).to_have_count(1)


def test_a_merge_keeps_this_devices_tasks_and_adds_the_backups(open_app, page, tmp_path):
    open_app()
    add(page, "From the backup")
    path = export(page, tmp_path)
    page.goto(page.url.split("#")[0] + "#/")
    page.get_by_role("button", name="Delete From the backup").click()
    add(page, "Only on this device")
    settings(page)
    page.get_by_label("Restore backup").set_input_files(str(path))
    click_then_restart(page, page.get_by_role("group", name="Restore backup").get_by_role(
        "button", name="Merge with this device's data"))
    page.goto(page.url.split("#")[0] + "#/")
    expect(task_titles(page)).to_have_text(["Only on this device", "From the backup"])


def test_an_encrypted_backup_holds_no_plaintext_and_opens_only_with_its_passphrase(
        open_app, page, site_url, tmp_path):
    open_app()
    add(page, "Sealed in the backup")
    encrypt(page)
    path = export(page, tmp_path, passphrase=PASSPHRASE)
    assert "Sealed in the backup" not in path.read_text()
    assert json.loads(path.read_text())["encrypted"]["iterations"] >= 600_000
    wipe(page, site_url)
    settings(page)
    page.get_by_label("Restore backup").set_input_files(str(path))
    page.get_by_label("Backup passphrase").fill("wrong passphrase")
    page.get_by_role("button", name="Open backup").click()
    expect(page.get_by_role("alert")).to_contain_text("does not open the backup")
    page.get_by_label("Backup passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open backup").click()
    click_then_restart(page, page.get_by_role("group", name="Restore backup").get_by_role(
        "button", name="Replace this device's data"))
    page.goto(page.url.split("#")[0] + "#/")
    expect(task_titles(page)).to_have_text(["Sealed in the backup"])


def test_damaged_foreign_and_newer_backups_are_refused_and_nothing_changes(open_app, page, tmp_path):
    open_app()
    add(page, "Untouched")
    good = export(page, tmp_path)
    text = good.read_text()
    cases = {
        "truncated.json": (text[: len(text) // 2], "damaged"),
        "calendar.json": ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "calendar file"),
        "other.json": (json.dumps({"hello": "world"}), "not a Daypane backup"),
        "newer.json": (json.dumps({**json.loads(text), "version": 99}), "newer version"),
    }
    for name, (content, says) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        page.get_by_label("Restore backup").set_input_files(str(path))
        expect(page.get_by_role("alert").filter(has_text="This backup cannot be restored")).to_contain_text(says)
        expect(page.get_by_role("group", name="Restore backup")).to_have_count(0)
    page.goto(page.url.split("#")[0] + "#/")
    expect(task_titles(page)).to_have_text(["Untouched"])
