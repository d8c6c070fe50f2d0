#!/usr/bin/env bash
# Qt's xcb platform plugin needs these system libraries on Linux. With --install-if-root we install them with apt;
# otherwise we name exactly what is missing and how to install it.
set -u
[ "$(uname -s)" = "Linux" ] || exit 0
PACKAGES="libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxkbcommon0 libdbus-1-3 libfontconfig1 libglib2.0-0"
missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--install-if-root" ] || [ "$(id -u)" = 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Qt system libraries:$missing"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null && exit 0
  fi
fi
echo "Qt needs these system libraries, which are not installed:$missing"
echo "Install them with:  sudo apt-get install$missing"
[ "${1:-}" = "--install-if-root" ] && exit 0
exit 0
