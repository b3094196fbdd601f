"""The deployment's config.json: which providers this copy of Daypane can offer.

A missing file, a missing key or a malformed value leaves that provider "not configured", with
the reason kept so the UI can explain it instead of failing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

DEFAULT_AUTHORITY = "https://login.microsoftonline.com/common"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@dataclass(frozen=True)
class MicrosoftConfig:
    client_id: str
    authority: str = DEFAULT_AUTHORITY


@dataclass(frozen=True)
class Config:
    microsoft: MicrosoftConfig | None = None
    google_client_id: str | None = None
    problems: tuple[str, ...] = ()


def parse_config(data: bytes | str | None) -> Config:
    if not data:
        return Config(problems=("This deployment has no config.json.",))
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return Config(problems=("config.json is not valid JSON.",))
    if not isinstance(raw, dict):
        return Config(problems=("config.json must hold a JSON object.",))
    problems = []
    microsoft = None
    ms = raw.get("microsoft") or {}
    client_id = str(ms.get("clientId", "")).strip() if isinstance(ms, dict) else ""
    if client_id and GUID.match(client_id):
        authority = str(ms.get("authority") or DEFAULT_AUTHORITY).rstrip("/")
        if not authority.startswith("https://login.microsoftonline.com/"):
            problems.append(f"config.json: microsoft.authority {authority!r} is not a Microsoft "
                            "sign-in address; using the default.")
            authority = DEFAULT_AUTHORITY
        microsoft = MicrosoftConfig(client_id.lower(), authority)
    elif client_id:
        problems.append(f"config.json: microsoft.clientId {client_id!r} is not an application (client) ID.")
    google = raw.get("google") or {}
    google_id = str(google.get("clientId", "")).strip() if isinstance(google, dict) else ""
    return Config(microsoft=microsoft, google_client_id=google_id or None, problems=tuple(problems))


def registration_problem(client_id: str, tenant: str) -> str | None:
    """Why a user-entered app registration cannot be used, or None when it can."""
    from daypane.core.providers.microsoft.consent import valid_tenant

    client_id, tenant = client_id.strip(), tenant.strip()
    if not client_id and not tenant:
        return None
    if not GUID.match(client_id):
        return "The Application (client) ID is a GUID like 0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a."
    if tenant and not valid_tenant(tenant):
        return "The Tenant is a tenant ID (GUID), a verified domain such as contoso.com, organizations or common."
    return None


def effective_microsoft(config: Config, client_id: str, tenant: str) -> MicrosoftConfig | None:
    """The user's own registration (Settings) wins over the deployment's config.json."""
    if client_id and registration_problem(client_id, tenant) is None:
        return MicrosoftConfig(client_id.lower(), f"https://login.microsoftonline.com/{tenant or 'common'}")
    return config.microsoft
