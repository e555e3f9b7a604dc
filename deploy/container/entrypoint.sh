#!/bin/sh
# The image's entrypoint: installs the console for AK_ADMIN_PATH, writes its config.json
# from the environment (or copies a mounted one), writes the nginx site from the shipped
# configuration (deploy/nginx/authentik-host.conf, or authentik-host-root.conf for `/`),
# then runs the command (nginx in the foreground).
#
#   AUTHENTIK_UPSTREAM  authentik's server, host:port          (server:9000)
#   AK_ADMIN_PATH       the console's sub-path, or / for root   (/ak-admin)
#   AK_ADMIN_AUTH       token | session | both                  (both)
#   AK_ADMIN_TITLE      the console's title                     (authentik admin)
#   AK_ADMIN_LISTEN     nginx's listen address                  (8080)
#   AK_ADMIN_CONFIG     a config.json to use instead of the three settings above
#                       (/config/config.json, when it exists)
# Paths for running it outside the image (the end-to-end tests do): AK_ADMIN_HOME (the
# unpacked release, /opt/ak-admin), AK_ADMIN_WWW (/srv/www), AK_ADMIN_SITE
# (/etc/nginx/conf.d/ak-admin.conf).
set -eu

home=${AK_ADMIN_HOME:-/opt/ak-admin}
www=${AK_ADMIN_WWW:-/srv/www}
site=${AK_ADMIN_SITE:-/etc/nginx/conf.d/ak-admin.conf}
upstream=${AUTHENTIK_UPSTREAM:-server:9000}
path=${AK_ADMIN_PATH:-/ak-admin}
auth=${AK_ADMIN_AUTH:-both}
title=${AK_ADMIN_TITLE:-authentik admin}
listen=${AK_ADMIN_LISTEN:-8080}
config=${AK_ADMIN_CONFIG:-/config/config.json}

fail() {
  echo "ak-admin: $*" >&2
  exit 1
}

case "$auth" in token | session | both) ;; *) fail "AK_ADMIN_AUTH must be token, session or both, not '$auth'" ;; esac
case "$upstream" in "" | *[!A-Za-z0-9.:_\[\]-]*) fail "AUTHENTIK_UPSTREAM must be host:port, not '$upstream'" ;; esac
case "$listen" in "" | *[!A-Za-z0-9.:_\[\]-]*) fail "AK_ADMIN_LISTEN must be a port or address:port, not '$listen'" ;; esac
case "$title" in *[[:cntrl:]]*) fail "AK_ADMIN_TITLE must be one line" ;; esac
# The sub-path without its trailing slash; `/` (or empty) is the root.
path=$(printf '%s' "$path" | sed 's|/*$||')
case "$path" in "" | /*) ;; *) path="/$path" ;; esac
case "$path" in *[!A-Za-z0-9._~/-]* | *//* | */./* | */../* | */. | */..) fail "AK_ADMIN_PATH must be a path such as /ak-admin, not '$path'" ;; esac

if [ -z "$path" ]; then
  dir=$www
  base=/
  template=$home/deploy/nginx/authentik-host-root.conf
else
  dir=$www$path
  base=$path/
  template=$home/deploy/nginx/authentik-host.conf
fi
sh "$home/install.sh" "$dir" --base "$base" --from "$home/console"

if [ -f "$config" ]; then
  cp "$config" "$dir/config.json"
else
  esc=$(printf '%s' "$title" | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '{ "api_base": "/api/v3", "auth": "%s", "title": "%s" }\n' "$auth" "$esc" > "$dir/config.json"
fi

# The shipped configuration with this container's values: plain http on AK_ADMIN_LISTEN
# (TLS is the job of the proxy in front, or of authentik's own published port), any host.
# The sub-path first: the values put in after it may contain "/ak-admin" themselves.
# X-Forwarded-Proto: the scheme the browser used. In a container that is usually known only
# to the TLS proxy in front, so its X-Forwarded-Proto is passed on (else authentik would take
# an https page's writes for cross-origin ones); without one, this nginx's own scheme.
rename="s|/ak-admin|$path|g"
[ -n "$path" ] || rename=""
{
  printf '%s\n' 'map $http_x_forwarded_proto $ak_admin_forwarded_proto {' \
    '    default $http_x_forwarded_proto;' \
    "    ''      \$scheme;" \
    '}'
  sed -e "$rename" "$template"
} | sed \
    -e 's|^\(\s*proxy_set_header X-Forwarded-Proto\) \$scheme;|\1 $ak_admin_forwarded_proto;|' \
    -e "s|^\(\s*\)listen [^;]*;|\1listen $listen;|" \
    -e "s|^\(\s*\)server_name [^;]*;|\1server_name _;|" \
    -e "s|^\(\s*\)server authentik.internal:9000;|\1server $upstream;|" \
    -e "s|^\(\s*\)root [^;]*;|\1root $www;|" \
    > "$site.new"
mv "$site.new" "$site"
echo "ak-admin: console at $base, authentik at $upstream, listening on $listen (auth: $(sed -n 's/.*"auth": *"\([a-z]*\)".*/\1/p' "$dir/config.json"))"

exec "$@"
