""".ics subscriptions: accepted addresses, conditional refresh, what answers mean (subscription),
their stored form (stored), and the Feeds provider (provider)."""
