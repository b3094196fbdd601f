"""Integration tests run daypane.core against real servers started on 127.0.0.1
(tests/support/servers: a Radicale subprocess, a urllib Transport)."""
