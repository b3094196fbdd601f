"""Sign-in failures as plain values, in the shapes measured for real MSAL.js (docs/facts/msal.md)."""

from daypane.core.providers.microsoft.auth import AuthFailure


def test_aadsts_from_error_no_or_description():
    assert AuthFailure("invalid_grant", error_no="90094").aadsts == 90094
    wrapped = AuthFailure("invalid_grant", message="Error(s): 90094 - Timestamp: x - Description: AADSTS90094: Admin.")
    assert wrapped.aadsts == 90094
    assert AuthFailure("access_denied", message="AADSTS65004: User declined.").aadsts == 65004
    assert AuthFailure("access_denied").aadsts is None


def test_interaction_required_shapes():
    assert AuthFailure("consent_required", kind="InteractionRequiredAuthError").needs_interaction
    assert AuthFailure("invalid_grant", sub_error="consent_required").needs_interaction
    assert AuthFailure("login_required").needs_interaction
    assert AuthFailure("server_error", message="AADSTS700084: The refresh token has expired").needs_interaction
    assert not AuthFailure("access_denied", message="AADSTS90094: admin", kind="ServerError").needs_interaction


def test_popup_blocked_and_closed():
    assert AuthFailure("popup_window_error", kind="BrowserAuthError").popup_blocked
    assert AuthFailure("timed_out", sub_error="redirect_bridge_timeout").cancelled
    assert AuthFailure("user_cancelled").cancelled
    assert not AuthFailure("timed_out").cancelled
