#!/bin/sh
# Imports the DMARC data views and dashboards into a Kibana through its saved-objects API.
#   docker/kibana/import.sh [KIBANA_URL]          default http://127.0.0.1:5601
# KIBANA_USER / KIBANA_PASSWORD (or KIBANA_PASSWORD_FILE) log in; KIBANA_CA_CERT verifies a private CA.
# Objects keep fixed ids, so importing again updates them in place.
set -eu
url=${1:-${KIBANA_URL:-http://127.0.0.1:5601}}
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${KIBANA_PASSWORD_FILE:-}" ]; then
  KIBANA_PASSWORD=$(cat "$KIBANA_PASSWORD_FILE")
fi
set -- --silent --show-error --fail-with-body --retry 30 --retry-delay 5 --retry-all-errors
if [ -n "${KIBANA_CA_CERT:-}" ]; then
  set -- "$@" --cacert "$KIBANA_CA_CERT"
fi
# The password goes to curl on stdin, not on its command line where ps would show it.
if [ -n "${KIBANA_USER:-}" ]; then
  printf 'user = "%s:%s"\n' "$KIBANA_USER" "${KIBANA_PASSWORD:-}" | curl "$@" --config - \
    -X POST "$url/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: dmarc-pipeline' \
    --form file=@"$here/dmarc-dashboards.ndjson"
else
  curl "$@" -X POST "$url/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: dmarc-pipeline' \
    --form file=@"$here/dmarc-dashboards.ndjson"
fi
echo
