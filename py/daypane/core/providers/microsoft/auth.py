"""A sign-in failure as plain values, whatever library raised it.

The MSAL adapter turns MSAL.js errors into AuthFailure; the core decides what they mean.
Classification is on errorCode / subError / the AADSTS number, never on message wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AADSTS = re.compile(r"AADSTS(\d+)")
INTERACTION_CODES = {"interaction_required", "consent_required", "login_required",
                     "no_account_error", "no_tokens_found", "native_account_unavailable"}


@dataclass(frozen=True)
class AuthFailure:
    error_code: str
    sub_error: str = ""
    message: str = ""
    error_no: str = ""
    kind: str = ""          # the JS class name: InteractionRequiredAuthError, ServerError, ...

    @property
    def aadsts(self) -> int | None:
        """The AADSTS number, from errorNo or from the description."""
        if self.error_no.isdigit():
            return int(self.error_no)
        match = AADSTS.search(self.message)
        return int(match.group(1)) if match else None

    @property
    def needs_interaction(self) -> bool:
        """Silent sign-in cannot go on: the user must be asked (never in a loop)."""
        return (self.kind == "InteractionRequiredAuthError" or self.error_code in INTERACTION_CODES
                or self.sub_error in INTERACTION_CODES or self.aadsts in (50058, 65001, 700084, 50076))

    @property
    def popup_blocked(self) -> bool:
        return self.error_code in ("popup_window_error", "empty_window_error")

    @property
    def cancelled(self) -> bool:
        return self.error_code == "user_cancelled" or (
            self.error_code == "timed_out" and self.sub_error == "redirect_bridge_timeout")


class AuthError(Exception):
    def __init__(self, failure: AuthFailure) -> None:
        super().__init__(f"{failure.error_code}: {failure.message}")
        self.failure = failure
