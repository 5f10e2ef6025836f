#!/bin/sh
# Install Tagdesk on Linux: the menu entry, file types, icons and AppStream data,
# and with --app a frozen build (dist/tagdesk from packaging/build_frozen.py).
# Without --app the `tagdesk` already on PATH (pipx or pip) is the one launched.
set -eu

APP_ID=io.github.tagdesk.Tagdesk
HERE=$(cd "$(dirname "$0")" && pwd)
PACKAGING=$(dirname "$HERE")

usage() {
  echo "usage: $0 [--prefix DIR] [--app FOLDER] [--uninstall]" >&2
  echo "  --prefix DIR   where to install (default: ~/.local, or /usr/local as root)" >&2
  echo "  --app FOLDER   a frozen build to copy to PREFIX/lib/tagdesk and link as PREFIX/bin/tagdesk" >&2
  echo "  --uninstall    remove what an earlier run installed under PREFIX" >&2
  exit 2
}

if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
app=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --app) [ $# -ge 2 ] || usage; app=$2; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    *) usage ;;
  esac
done
share="$prefix/share"

refresh_caches() {
  # Desktops notice new entries, icons and types sooner; each tool is optional.
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$share/mime" >/dev/null || true; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$share/applications" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$share/icons/hicolor" || true; fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
    "$share/mime/packages/$APP_ID.xml"
  rm -f "$share"/icons/hicolor/*/apps/"$APP_ID".png "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
  if [ -L "$prefix/bin/tagdesk" ] && [ -d "$prefix/lib/tagdesk" ]; then
    rm -f "$prefix/bin/tagdesk"
    rm -rf "$prefix/lib/tagdesk"
  fi
  refresh_caches
  echo "removed Tagdesk from $prefix"
  exit 0
fi

if [ -n "$app" ]; then
  [ -x "$app/tagdesk" ] || { echo "$0: $app/tagdesk: no frozen build there" >&2; exit 1; }
  mkdir -p "$prefix/lib" "$prefix/bin"
  rm -rf "$prefix/lib/tagdesk"
  cp -R "$app" "$prefix/lib/tagdesk"
  ln -sfn "$prefix/lib/tagdesk/tagdesk" "$prefix/bin/tagdesk"
  program="$prefix/bin/tagdesk"
else
  program=$(command -v tagdesk) || {
    echo "$0: tagdesk is not on PATH: install it first (pipx install .) or give --app" >&2
    exit 1
  }
fi
case "$program" in
  *[\"\`\$\\]*) echo "$0: $program: quotes, \$ and \\ cannot stand in a desktop file" >&2; exit 1 ;;
esac

mkdir -p "$share/applications" "$share/metainfo" "$share/mime/packages"
# The menu entry starts this installation's program, whatever PATH the session has.
sed -e "s|^Exec=tagdesk |Exec=\"$program\" |" -e "s|^TryExec=tagdesk\$|TryExec=$program|" \
  "$HERE/$APP_ID.desktop" >"$share/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
cp "$HERE/$APP_ID.mime.xml" "$share/mime/packages/$APP_ID.xml"
for icon in "$PACKAGING"/icons/hicolor/*/apps/"$APP_ID".*; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  mkdir -p "$share/icons/hicolor/$size/apps"
  cp "$icon" "$share/icons/hicolor/$size/apps/"
done
refresh_caches
echo "installed Tagdesk in $prefix (program: $program)"
