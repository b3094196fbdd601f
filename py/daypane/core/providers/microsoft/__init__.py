"""Outlook / Microsoft 365: sign-in failures and consent, Graph requests and answers."""
