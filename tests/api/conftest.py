"""The hostile-input tests (``test_api_hostile_*.py``) use the authorization matrix's world:
two organisations with a record of every kind, and a user per role."""

from tests.security.conftest import world  # noqa: F401  (a fixture, re-exported)
