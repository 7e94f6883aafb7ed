#!/usr/bin/env bash
# Builds the one-folder bundle with PyInstaller, adds the Linux desktop files, and proves it
# works by running its --self-test offscreen. A broken bundle exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
version=$($PY -c 'from importlib.metadata import version; print(version("carwash-counter"))')
bundle="dist/carwash-counter-$version"

rm -rf "$bundle" build/pyinstaller
$PY -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/carwash-counter.spec

mkdir -p "$bundle/share/applications" "$bundle/share/icons/hicolor/scalable/apps" "$bundle/share/metainfo"
cp packaging/linux/carwash-counter.desktop "$bundle/share/applications/"
cp resources/icons/carwash-counter.svg "$bundle/share/icons/hicolor/scalable/apps/"
cp packaging/linux/carwash-counter.metainfo.xml "$bundle/share/metainfo/"
desktop-file-validate "$bundle/share/applications/carwash-counter.desktop"
appstreamcli validate --no-net "$bundle/share/metainfo/carwash-counter.metainfo.xml" >/dev/null

echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
QT_QPA_PLATFORM=offscreen "$bundle/carwash-counter" --self-test
