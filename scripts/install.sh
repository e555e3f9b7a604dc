#!/bin/sh
# Installs or upgrades ak-admin from an unpacked release into DIR, to be served at BASE
# (the console's sub-path in the browser's address; `/` by default):
#   sh install.sh /srv/www/ak-admin --base /ak-admin/
#   sh install.sh /srv/ak-admin
# - copies the console's files into DIR and removes those of the release installed before;
# - keeps DIR/config.json when there is one (your settings), else installs the default;
# - writes BASE into index.html's <base href>: every asset, link and config.json is found
#   relative to it, so the same files serve at any sub-path. Nothing else changes.
# POSIX sh; needs only cp, sed, mkdir and rm. Also used by the container image's entrypoint.
set -eu

usage() {
  echo "usage: sh install.sh DIR [--base /sub/path/] [--from CONSOLE_DIR]" >&2
  exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
from="$here/console"
dir=""
base="/"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) [ $# -ge 2 ] || usage; base=$2; shift 2 ;;
    --base=*) base=${1#--base=}; shift ;;
    --from) [ $# -ge 2 ] || usage; from=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$dir" ] || usage; dir=$1; shift ;;
  esac
done
[ -n "$dir" ] || usage
[ -f "$from/index.html" ] || { echo "install.sh: no console in $from (index.html missing)" >&2; exit 1; }

# The base is a path: a leading and a trailing slash, plain characters, no . or .. segments.
case "$base" in /*) ;; *) base="/$base" ;; esac
case "$base" in */) ;; *) base="$base/" ;; esac
case "$base" in
  *[!A-Za-z0-9._~/-]* | *//* | */./* | */../*)
    echo "install.sh: --base must be a path such as /ak-admin/ (letters, digits, - . _ ~ and /), not $base" >&2
    exit 2 ;;
esac

mkdir -p "$dir"
# What the release installed before named its files: remove them (hashed names change).
if [ -f "$dir/.ak-admin-files" ]; then
  while IFS= read -r f; do
    case "$f" in "" | config.json | */* | .*) ;; *) rm -f "$dir/$f" ;; esac
  done < "$dir/.ak-admin-files"
fi
kept=no
[ -f "$dir/config.json" ] && kept=yes
: > "$dir/.ak-admin-files.new"
for path in "$from"/*; do
  f=$(basename "$path")
  [ -f "$path" ] || continue
  echo "$f" >> "$dir/.ak-admin-files.new"
  case "$f" in
    config.json) [ "$kept" = yes ] || cp "$path" "$dir/config.json" ;;
    index.html) sed "s|<base href=\"[^\"]*\"|<base href=\"$base\"|" "$path" > "$dir/index.html.new"
                mv "$dir/index.html.new" "$dir/index.html" ;;
    *) cp "$path" "$dir/$f" ;;
  esac
done
mv "$dir/.ak-admin-files.new" "$dir/.ak-admin-files"
grep -q "<base href=\"$base\"" "$dir/index.html" || { echo "install.sh: could not set <base href> in $dir/index.html" >&2; exit 1; }
if [ "$kept" = yes ]; then settings="config.json kept"; else settings="default config.json installed"; fi
echo "ak-admin installed in $dir for $base ($settings)"
