"""Data you can trust, in the browser: tabs of one app, a full disk, a newer Daypane in another tab,
and the records an earlier Daypane kept in pyscript.storage's database.

Two tabs are two pages of one context (one profile); a full disk is Chromium's own quota override
(DevTools protocol Storage.overrideQuotaForOrigin), so IndexedDB itself refuses the write.
"""

from __future__ import annotations

import importlib.util
import json

from playwright.sync_api import Page, expect

from tests.browser.conftest import NOW, origin_of, wait_ready
from tests.browser.test_tasks import add
from tools.gen_ics import generate

from daypane.core.tasks.model import RECORD as TASKS, TaskList


def second_tab(context, site_url: str, fragment: str = "") -> Page:
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(site_url + fragment)
    wait_ready(page)
    return page


def task_titles(page: Page):
    return page.locator("#task-list .task-title")


def test_tasks_added_in_two_tabs_show_in_both_and_survive_a_reload(open_app, context, site_url):
    a = open_app()
    b = second_tab(context, site_url)
    add(a, "From tab A")
    expect(task_titles(b)).to_have_text(["From tab A"])       # told over BroadcastChannel
    add(b, "From tab B")
    expect(task_titles(a)).to_have_text(["From tab A", "From tab B"])
    add(a, "A again")
    expect(task_titles(b)).to_have_text(["From tab A", "From tab B", "A again"])
    for page in (a, b):
        page.reload()
        wait_ready(page)
        expect(task_titles(page)).to_have_text(["From tab A", "From tab B", "A again"])


def test_a_tab_whose_copy_is_behind_still_never_writes_over_what_is_stored(open_app, page):
    """A write this tab was never told about (an older Daypane, a lost message) is in the
    database: the next change reads the stored list afresh under the lock, so it is kept."""
    open_app()
    add(page, "Mine")
    behind = TASKS.encode(TaskList().add("Mine", id="x", created="").add("Written elsewhere", id="y", created=""))
    page.evaluate(WRITE_RECORD, ["tasks", json.dumps(behind)])
    add(page, "Added after")
    page.reload()
    wait_ready(page)
    expect(task_titles(page)).to_have_text(["Mine", "Written elsewhere", "Added after"])


# Writes one record straight into Daypane's database, as another tab would, without telling anyone.
WRITE_RECORD = """([key, text]) => new Promise((done, failed) => {
    const opening = indexedDB.open("daypane");
    opening.onsuccess = () => {
        const tx = opening.result.transaction("records", "readwrite");
        tx.objectStore("records").put(text, key);
        tx.oncomplete = () => { opening.result.close(); done(); };
        tx.onerror = () => failed(tx.error);
    };
})"""


def test_completion_removal_and_settings_reach_the_other_tab(open_app, context, site_url):
    a = open_app()
    add(a, "Finish me", "Remove me")
    b = second_tab(context, site_url)
    b.get_by_role("checkbox", name="Finish me", exact=True).check()
    expect(a.get_by_role("checkbox", name="Finish me", exact=True)).to_be_checked()
    a.get_by_role("button", name="Delete Remove me").click()
    expect(task_titles(b)).to_have_text(["Finish me"])
    b.get_by_role("checkbox", name="Show sample calendar").uncheck()
    expect(a.get_by_role("checkbox", name="Show sample calendar")).not_to_be_checked()
    expect(a.get_by_role("region", name="Calendar")).not_to_contain_text("Design review")


def test_an_import_in_one_tab_shows_in_the_other(open_app, context, site_url, tmp_path):
    a = open_app()
    b = second_tab(context, site_url, "#/week/2026-03-02")
    path = tmp_path / "team.ics"
    path.write_text(generate(events=40, seed=3))
    a.get_by_label("Import .ics file").set_input_files(str(path))
    expect(a.get_by_role("status")).to_contain_text("Imported")
    expect(b.get_by_role("complementary", name="Calendars")).to_contain_text("Big calendar: 40 events")
    expect(b.get_by_role("region", name="Calendar")).to_contain_text("Quarterly planning kick-off")


def open_with_quota(open_app, page: Page, site_url: str, quota: int) -> Page:
    """Open the app on an origin Chromium lets store only `quota` bytes. Measured: the override
    holds only when it comes before the origin's storage is first used in the context, and
    IndexedDB counts what it writes to disk (compressed), so tests fill it with random data."""
    page.goto(site_url + "static/none.txt")  # the origin, before any storage is used
    session = page.context.new_cdp_session(page)
    session.send("Storage.overrideQuotaForOrigin", {"origin": origin_of(site_url), "quotaSize": quota})
    return open_app()


# Fills the origin's storage with incompressible junk records until only a few bytes are left.
FILL = """async () => {
    const db = await new Promise((done) => { const o = indexedDB.open("daypane"); o.onsuccess = () => done(o.result); });
    const write = (size) => new Promise((done) => {
        const bytes = crypto.getRandomValues(new Uint8Array(size));
        const tx = db.transaction("records", "readwrite");
        tx.objectStore("records").put(JSON.stringify(Array.from(bytes, (b) => (b % 36).toString(36)).join("")),
                                      `junk:${Math.random()}`);
        tx.oncomplete = () => done(true);
        tx.onabort = () => done(false);
    });
    for (let size = 65536; size >= 32; size /= 2) while (await write(size));
    db.close();
}"""


def test_a_full_disk_refuses_an_import_with_an_alert_and_keeps_what_was_stored(open_app, page, site_url, tmp_path):
    open_with_quota(open_app, page, site_url, 700_000)
    add(page, "Stored before")
    path = tmp_path / "big.ics"
    path.write_text(generate(events=3000, seed=1))
    assert path.stat().st_size > 800_000
    page.get_by_label("Import .ics file").set_input_files(str(path))
    alert = page.get_by_role("alert").filter(has_text="Not enough space")
    expect(alert).to_contain_text("“big.ics” could not be saved")
    expect(alert).to_contain_text("everything saved before is kept")
    expect(page.locator("#toast")).not_to_contain_text("Imported")
    expect(page.get_by_role("complementary", name="Calendars")).not_to_contain_text("Big calendar")
    page.reload()
    wait_ready(page)
    expect(task_titles(page)).to_have_text(["Stored before"])
    expect(page.get_by_role("complementary", name="Calendars")).not_to_contain_text("Big calendar")


def test_a_full_disk_refuses_a_task_and_a_setting_and_nothing_is_shown_as_done(open_app, page, site_url):
    open_with_quota(open_app, page, site_url, 1_000_000)
    add(page, "Stored before")
    page.evaluate(FILL)
    box = page.get_by_role("textbox", name="New task")
    box.fill("Never stored: a task whose title is long enough to need more room than is left")
    box.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="Not enough space to save your tasks")).to_be_visible()
    expect(task_titles(page)).to_have_text(["Stored before"])
    expect(box).to_have_value("Never stored: a task whose title is long enough to need more room than is left")
    done = page.get_by_role("checkbox", name="Stored before", exact=True)
    done.click()  # an edit: the list is rewritten, which no longer fits either
    expect(done).not_to_be_checked()
    sample = page.get_by_role("checkbox", name="Show sample calendar")
    sample.click()  # not uncheck(): the app puts the box back at once, which uncheck() calls a failure
    expect(page.get_by_role("alert").filter(has_text="Not enough space to save your settings")).to_be_visible()
    expect(sample).to_be_checked()
    page.reload()
    wait_ready(page)
    expect(task_titles(page)).to_have_text(["Stored before"])
    expect(page.get_by_role("checkbox", name="Stored before", exact=True)).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Show sample calendar")).to_be_checked()


def test_a_newer_daypane_in_another_tab_stops_this_one_from_writing(open_app, context, site_url):
    page = open_app()
    add(page, "Before the update")
    newer = context.new_page()
    newer.goto(site_url + "static/none.txt")  # any page of the origin
    # What a newer Daypane does first: open the database at a higher version.
    newer.evaluate("""new Promise((done, failed) => {
        const opening = indexedDB.open("daypane", 2);
        opening.onsuccess = () => { opening.result.close(); done(); };
        opening.onerror = () => failed(opening.error);
    })""")
    alert = page.get_by_role("alert").filter(has_text="Reload to update")
    expect(alert).to_contain_text("A newer version of Daypane was opened in another tab")
    box = page.get_by_role("textbox", name="New task")
    box.fill("Not written")
    box.press("Enter")
    expect(task_titles(page)).to_have_text(["Before the update"])
    page.reload()  # this build's database version is now behind: it says so and writes nothing
    wait_ready(page, expect="error")
    expect(page.locator("#startup")).to_contain_text("A newer version of Daypane stored your data")


def _flatted():
    """PyScript's own encoder, as pyscript.storage used it (shipped in @pyscript/core)."""
    spec = importlib.util.spec_from_file_location(
        "flatted", "node_modules/@pyscript/core/src/stdlib/pyscript/flatted.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tasks_kept_by_pyscript_storage_move_to_the_new_database(open_app, page, site_url):
    page.goto(site_url + "static/none.txt")
    stored = TASKS.encode(TaskList().add("Kept from before", id="old", created="2026-03-01T09:00:00"))
    text = _flatted().stringify(["generic", stored])
    page.evaluate("""(text) => new Promise((done, failed) => {
        const opening = indexedDB.open("IDBMap/@pyscript/daypane");
        opening.onupgradeneeded = () => opening.result.createObjectStore("entries");
        opening.onsuccess = () => {
            const tx = opening.result.transaction("entries", "readwrite");
            tx.objectStore("entries").put(text, "tasks");
            tx.oncomplete = () => { opening.result.close(); done(); };
            tx.onerror = () => failed(tx.error);
        };
    })""", text)
    open_app()
    expect(task_titles(page)).to_have_text(["Kept from before"])
    names = page.evaluate("indexedDB.databases().then((all) => all.map((d) => d.name))")
    assert "IDBMap/@pyscript/daypane" not in names and "daypane" in names, names  # nothing left behind
    stored_now = page.evaluate("""new Promise((done) => {
        const opening = indexedDB.open("daypane");
        opening.onsuccess = () => {
            const get = opening.result.transaction("records").objectStore("records").get("tasks");
            get.onsuccess = () => { opening.result.close(); done(get.result); };
        };
    })""")
    assert json.loads(stored_now)["tasks"][0]["title"] == "Kept from before"
