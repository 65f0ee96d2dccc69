#!/bin/bash
# One-shot setup of the compose stack, run from the pipeline's setup image (Dockerfile, target
# setup): Kibana's system password, the processor's API key, the index templates, the dashboards.
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

# The project's own installer, with the processor's settings and key: the templates the processor
# itself installs at every start, from the same schema jar.
java -cp '/app/lib/*' org.dmarcpipeline.cli.DmarcCli setup-elasticsearch --config /etc/dmarc/processor.properties

KIBANA_URL=http://kibana:5601 KIBANA_USER=elastic KIBANA_PASSWORD="$ELASTIC_PASSWORD" /kibana/import.sh
echo "setup done"
