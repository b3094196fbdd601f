"""Fakes of the cloud endpoints no machine here can reach (Microsoft, later Google)."""
