"""CalDAV: discovery, queries, RFC 6578 sync, and failures people can act on."""
