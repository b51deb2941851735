#!/usr/bin/env bash
# Builds the one-folder frozen app into dist/aemviewer/ and runs its self-test.
#   packaging/build-frozen.sh          (from the repository root, after `make test` or `make demo`)
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install -q -e ".[freeze]"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/aemviewer.spec
du -sh dist/aemviewer
QT_QPA_PLATFORM=offscreen dist/aemviewer/aemviewer --self-test
