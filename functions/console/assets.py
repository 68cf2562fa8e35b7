"""The console's third-party assets: files of npm packages (package.json, pinned) copied into
``static/vendor/`` by the build (``make assets``, run by ``make run``, ``make test`` and
infra/package.sh), so the pages and ``/docs`` load nothing from a CDN and the Lambda zip carries
them. ``static/vendor/`` is not committed; a page whose asset is missing still renders (without
its styles or chart).

    python -m functions.console.assets [NODE_MODULES]   copy them (default ./node_modules)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"

# what the pages use -> (npm package, file inside it)
FILES: dict[str, tuple[str, str]] = {
    "pico/pico.min.css": ("@picocss/pico", "css/pico.min.css"),
    "pico/LICENSE.md": ("@picocss/pico", "LICENSE.md"),
    "chart.js/chart.umd.min.js": ("chart.js", "dist/chart.umd.min.js"),
    "chart.js/LICENSE.md": ("chart.js", "LICENSE.md"),
    "dagre/dagre.min.js": ("@dagrejs/dagre", "dist/dagre.min.js"),
    "dagre/LICENSE": ("@dagrejs/dagre", "LICENSE"),
    "swagger-ui/swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
    "swagger-ui/swagger-ui-bundle.js": ("swagger-ui-dist", "swagger-ui-bundle.js"),
    "swagger-ui/swagger-ui-standalone-preset.js": (
        "swagger-ui-dist",
        "swagger-ui-standalone-preset.js",
    ),
    "swagger-ui/LICENSE": ("swagger-ui-dist", "LICENSE"),
}
# the names templates ask for
PICO = "pico/pico.min.css"
CHART = "chart.js/chart.umd.min.js"
DAGRE = "dagre/dagre.min.js"  # lays out the workflow diagram (functions/console/workflow.py)
SWAGGER_UI = "swagger-ui/swagger-ui-bundle.js"
SWAGGER_UI_URL = "/console/static/vendor/swagger-ui/"  # flask-smorest appends the file names


def available(name: str) -> bool:
    """Whether the build put ``name`` (a key of FILES) in place."""
    return (VENDOR / name).is_file()


def missing(node_modules: Path) -> list[str]:
    """The sources not found under ``node_modules``."""
    return [
        f"{pkg}/{path}" for pkg, path in FILES.values() if not (node_modules / pkg / path).is_file()
    ]


def build(node_modules: Path, target: Path = VENDOR) -> int:
    """Copy every file of FILES from ``node_modules``; returns how many were copied (a file
    already identical is left alone)."""
    copied = 0
    for name, (package, path) in FILES.items():
        source, destination = node_modules / package / path, target / name
        if destination.is_file() and destination.read_bytes() == source.read_bytes():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        copied += 1
    return copied


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0] if argv else "node_modules")
    absent = missing(node_modules)
    if absent:
        print(f"console assets: not in {node_modules}: {', '.join(absent)}", file=sys.stderr)
        return 1
    copied = build(node_modules)
    print(f"console assets: {len(FILES)} files in {VENDOR.name}/ ({copied} copied)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
