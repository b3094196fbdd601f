"""The in-memory Store keeps the same contract as the browser's: put, then get returns it."""

import asyncio

from daypane.core.store import MemoryStore


def test_put_get_delete():
    store = MemoryStore()

    async def scenario():
        await store.put("tasks", {"version": 1, "tasks": []})
        assert store.get("tasks") == {"version": 1, "tasks": []}
        await store.delete("tasks")
        await store.delete("never-there")

    asyncio.run(scenario())
    assert store.get("tasks", "none") == "none"
