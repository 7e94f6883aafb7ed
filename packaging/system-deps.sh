#!/usr/bin/env bash
# Installs the Debian/Ubuntu system packages the counter needs, only those that are missing.
# Usage: packaging/system-deps.sh runtime|test
# runtime: what `make run` needs (venv support, Qt's libraries).
# test:    runtime plus Xvfb, the CUPS spooler with its virtual PDF printer, poppler, fonts and
#          PostgreSQL (the hub tests start a private cluster from its initdb).
set -euo pipefail
group=${1:-runtime}

runtime=(python3-venv libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0
         libdbus-1-3 libx11-6 libbrotli1 libcups2 fontconfig-config fonts-dejavu-core
         libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
         libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
testing=(xvfb xauth cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils postgresql
         desktop-file-utils appstream nsis)

wanted=("${runtime[@]}")
[ "$group" = test ] && wanted+=("${testing[@]}")

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Qt's runtime libraries (and for tests Xvfb and CUPS with a PDF printer) yourself." >&2
  exit 0
fi

echo "system-deps: checking the ${#wanted[@]} system packages the counter's $group needs…"
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: all ${#wanted[@]} are installed."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "system-deps: these packages are missing and there is no root or sudo to install them: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "system-deps: updating the package lists (apt-get update; a minute on a slow line)…"
"${as_root[@]}" apt-get update -qq
echo "system-deps: installing ${#missing[@]} package(s): ${missing[*]} (a few minutes the first time)…"
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system-deps: done."
