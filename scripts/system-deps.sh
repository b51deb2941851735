#!/usr/bin/env bash
# Makes sure the Debian/Ubuntu libraries Qt needs are installed.
# As root it installs what is missing with apt-get; otherwise it prints the exact command and fails.
#   scripts/system-deps.sh            libraries to run the app and the tests offscreen
#   scripts/system-deps.sh --screen   also Xvfb, ImageMagick and the xcb libraries for real-window screenshots
set -euo pipefail

packages=(
  libpulse0          # QtMultimedia refuses to import without it (no sound server needed)
  libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
  fonts-dejavu-core  # offscreen Qt draws text with whatever fonts fontconfig finds
  desktop-file-utils appstream  # the tests validate the launcher and the AppStream file with them
)
if [[ ${1:-} == --screen ]]; then
  packages+=(xvfb imagemagick libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0
             libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-randr0)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: missing system packages. Install them, then run make again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
