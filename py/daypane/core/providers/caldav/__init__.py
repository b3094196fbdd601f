"""CalDAV: discovery, queries, RFC 6578 sync, failures people can act on (client, dav_xml, problems),
what an account keeps (stored, passwords), and the CalDav provider (provider)."""
