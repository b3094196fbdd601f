"""One thin adapter per provider: what the core cannot do without the browser."""
