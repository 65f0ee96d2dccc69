#!/bin/bash
# One-shot setup of the compose stack, run from the Elasticsearch image (it has curl):
# Kibana's system password, the processor's API key, the index templates, the dashboards.
set -euo pipefail
es=https://elasticsearch:9200
ca=/certs/ca.crt
# The elastic password reaches curl on stdin, never on a command line.
es_curl() { printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" | curl --silent --show-error --fail-with-body --cacert "$ca" --config - "$@"; }

until es_curl "$es/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null; do
  echo "waiting for Elasticsearch"; sleep 5
done

es_curl -X POST "$es/_security/user/kibana_system/_password" -H 'Content-Type: application/json' \
  --data-binary @- <<<"{\"password\":\"$KIBANA_PASSWORD\"}" >/dev/null

# Components first: an index template refuses to compose a missing one.
for component in /templates/component/*.json; do
  es_curl -X PUT "$es/_component_template/$(basename "$component" .json)" -H 'Content-Type: application/json' \
    --data-binary @"$component" >/dev/null
done
for template in /templates/*-template.json; do
  es_curl -X PUT "$es/_index_template/$(basename "$template" -template.json)" -H 'Content-Type: application/json' \
    --data-binary @"$template" >/dev/null
done
echo "index templates installed"

# The processor's key may install templates and write and read dmarc-* indices, nothing else
# (SecuredElasticsearchIT runs the processor with exactly this key).
if [ ! -s /secrets/es-api-key ]; then
  es_curl -X POST "$es/_security/api_key" -H 'Content-Type: application/json' \
    --data-binary @/setup/processor-api-key.json \
    | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p' > /secrets/es-api-key
  chmod 0444 /secrets/es-api-key
  test -s /secrets/es-api-key
  echo "processor API key created"
fi

KIBANA_URL=http://kibana:5601 KIBANA_USER=elastic KIBANA_PASSWORD="$ELASTIC_PASSWORD" /kibana/import.sh
echo "setup done"
