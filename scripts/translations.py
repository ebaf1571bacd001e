"""Keep the English catalogue in step with the Chinese source strings.

    python scripts/translations.py update   # extract messages, merge them into the .po, list what is untranslated
    python scripts/translations.py check    # exit 1 if any message lacks an English translation

Chinese is the source language (msgid); tracker/translations/en/LC_MESSAGES/messages.po
holds the English and is read at run time without a compile step (see tracker/i18n.py).
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "tracker" / "translations" / "messages.pot"
PO = ROOT / "tracker" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def untranslated() -> list[str]:
    """The msgids with no English (or a fuzzy guess)."""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def update() -> None:
    """Extract the source strings and merge them into the English catalogue."""
    subprocess.run(
        [*PYBABEL, "extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-o", str(POT), "."],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [*PYBABEL, "update", "-i", str(POT), "-d", str(PO.parents[2]), "-l", "en", "--no-fuzzy-matching"],
        cwd=ROOT,
        check=True,
    )


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    missing = untranslated()
    for message in missing:
        print(f"untranslated: {message}")
    return 1 if missing and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
