"""Where events come from: every provider's protocol logic, accounts and the week cache."""
