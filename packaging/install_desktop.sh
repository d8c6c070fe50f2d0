#!/usr/bin/env bash
# Install the desktop bundle for the current Linux user: the app in ~/.local/opt/contract-app, a `contract-app`
# command in ~/.local/bin, and the menu entry and icon (XDG folders). Run after `make bundle`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="${1:-$here/../dist/contract-app}"
[ -x "$bundle/contract-app" ] || { echo "No bundle at $bundle: run 'make bundle' first." >&2; exit 1; }
data="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -rf "$HOME/.local/opt/contract-app"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$data/applications" "$data/icons/hicolor/scalable/apps"
cp -a "$bundle" "$HOME/.local/opt/contract-app"
ln -sf "$HOME/.local/opt/contract-app/contract-app" "$HOME/.local/bin/contract-app"
sed "s|^Exec=contract-app|Exec=$HOME/.local/opt/contract-app/contract-app|" "$here/contract-app.desktop" \
  > "$data/applications/contract-app.desktop"
cp "$here/contract-app.svg" "$data/icons/hicolor/scalable/apps/contract-app.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
echo "Installed: open Contract App from the applications menu, or run contract-app."
