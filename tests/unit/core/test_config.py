"""config.json: a missing file or key leaves a provider "not configured", never broken."""

import json

from daypane.core.config import (
    DEFAULT_AUTHORITY,
    Config,
    MicrosoftConfig,
    effective_microsoft,
    parse_config,
    registration_problem,
)

CLIENT = "11111111-2222-3333-4444-555555555555"


def test_missing_file_or_empty_object_configures_nothing():
    assert parse_config(None).microsoft is None
    assert parse_config(b"{}").microsoft is None
    assert parse_config(b"{}").problems == ()


def test_microsoft_client_id_and_default_authority():
    config = parse_config(json.dumps({"microsoft": {"clientId": CLIENT.upper()}}))
    assert config.microsoft.client_id == CLIENT
    assert config.microsoft.authority == DEFAULT_AUTHORITY


def test_tenant_authority_is_kept_and_foreign_authorities_refused():
    tenant = parse_config(json.dumps({"microsoft": {
        "clientId": CLIENT, "authority": "https://login.microsoftonline.com/contoso.com/"}}))
    assert tenant.microsoft.authority == "https://login.microsoftonline.com/contoso.com"
    evil = parse_config(json.dumps({"microsoft": {"clientId": CLIENT, "authority": "https://evil.example/x"}}))
    assert evil.microsoft.authority == DEFAULT_AUTHORITY
    assert "not a Microsoft sign-in address" in evil.problems[0]


def test_malformed_values_are_explained():
    assert parse_config(b"{not json").problems == ("config.json is not valid JSON.",)
    assert parse_config(b"[]").problems == ("config.json must hold a JSON object.",)
    bad = parse_config(json.dumps({"microsoft": {"clientId": "my-app"}}))
    assert bad.microsoft is None and "not an application (client) ID" in bad.problems[0]


def test_google_client_id():
    config = parse_config(json.dumps({"google": {"clientId": "abc.apps.googleusercontent.com"}}))
    assert config.google_client_id == "abc.apps.googleusercontent.com"


def test_own_registration_wins_over_config_and_is_validated():
    site = Config(microsoft=MicrosoftConfig(CLIENT))
    own = "99999999-8888-7777-6666-555555555555"
    assert effective_microsoft(site, own, "contoso.com") == MicrosoftConfig(
        own, "https://login.microsoftonline.com/contoso.com")
    assert effective_microsoft(site, own, "").authority == DEFAULT_AUTHORITY
    assert effective_microsoft(site, "", "") == site.microsoft
    assert effective_microsoft(Config(), "", "") is None
    assert registration_problem("nope", "") .startswith("The Application (client) ID")
    assert registration_problem(own, "not a tenant").startswith("The Tenant")
    assert registration_problem(own, "organizations") is None
