""".ics subscriptions: accepted addresses, conditional refresh, what answers mean."""
