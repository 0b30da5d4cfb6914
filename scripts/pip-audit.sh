#!/usr/bin/env bash
# pip-audit for `make lint`: audit the installed dependencies against PyPI's vulnerability data.
# The audit needs PyPI's JSON API. Where it cannot be reached (offline, or a mirror without
# per-release vulnerability data) the audit is skipped with a message and exit 0, because
# pip-audit would otherwise "find no vulnerabilities" in packages it could not look up.
# PIP_AUDIT=1 makes the audit required (--strict: a package it cannot audit fails the run);
# PIP_AUDIT=0 always skips.
set -uo pipefail
BIN=${BIN:-.venv/bin}
AUDIT=("$BIN/pip-audit" --skip-editable --progress-spinner off)
case "${PIP_AUDIT:-auto}" in
  0) echo "pip-audit: skipped (PIP_AUDIT=0)"; exit 0 ;;
  1) exec "${AUDIT[@]}" --strict ;;
esac
# Probe: the vulnerability data of the installed Django release, as pip-audit asks for it.
if ! "$BIN/python" - <<'PY' 2>/dev/null
import json
import urllib.request
from importlib.metadata import version

url = f"https://pypi.org/pypi/django/{version('django')}/json"
with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
    assert "vulnerabilities" in json.load(response)
PY
then
  echo "pip-audit: skipped, PyPI's vulnerability data cannot be reached from here;" \
       "run with PIP_AUDIT=1 where it can to make the audit required."
  exit 0
fi
exec "${AUDIT[@]}" --strict
