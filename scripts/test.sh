#!/bin/sh
# Install the test dependencies into .venv and run the whole check: lint, format, tests.
# Extra arguments go to pytest (e.g. `sh scripts/test.sh -k deadlines`).
# The browser tests drive Debian's Chromium; when it is missing and we are root, it is installed here.
# The OCR extra (requirements-ocr.txt) is installed too, so CI exercises the scan tests.
set -eu
cd "$(dirname "$0")/.."
# The weekly report's PDF (WeasyPrint) needs Pango and a Chinese font: install them (Debian) when missing.
if ! { ldconfig -p | grep -q libpangoft2-1.0 && fc-list :lang=zh 2>/dev/null | grep -q .; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-wqy-microhei >/dev/null
  else
    echo "Missing Pango or a Chinese font (Debian: libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei); PDF tests will fail." >&2
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -r requirements-ocr.txt
# Word 97 .doc files are read through Debian's antiword; bench/ocr.py rasterises pages with poppler-utils' pdftoppm.
if ! command -v antiword >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's antiword and poppler-utils for the .doc and scan tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    antiword poppler-utils >/dev/null
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
