"""Task lists hosted by a web service that assigns ids and speaks JSON (Microsoft To Do, Google
Tasks): one mirror, one sync and one push for both, each service behind a `TaskApi`."""
