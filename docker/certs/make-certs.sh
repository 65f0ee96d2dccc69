#!/bin/sh
# One-shot: a private CA and a certificate for every service of the compose stack, with the
# service name and localhost as subject alternative names, so every client verifies host names.
# Runs once; later starts find the files and leave them alone.
set -eu
cd /certs
if [ -f ca.crt ]; then
  echo "certificates exist"; exit 0
fi
apk add --no-cache openssl >/dev/null
: "${STORE_PASSWORD:?STORE_PASSWORD must be set (docker/.env)}"

openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=dmarc-pipeline local CA" \
  -keyout ca.key -out ca.crt
for service in kafka elasticsearch kibana dovecot; do
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$service" -keyout "$service.key" -out "$service.csr"
  printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$service" > "$service.ext"
  openssl x509 -req -in "$service.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile "$service.ext" -out "$service.crt"
  rm "$service.csr" "$service.ext"
done
# Kafka and the Java clients read PKCS12; -jdktrust marks the CA as trusted for Java.
openssl pkcs12 -export -in kafka.crt -inkey kafka.key -certfile ca.crt -name kafka \
  -out kafka.keystore.p12 -passout env:STORE_PASSWORD
openssl pkcs12 -export -nokeys -in ca.crt -jdktrust anyExtendedKeyUsage -out truststore.p12 -passout env:STORE_PASSWORD
printf '%s' "$STORE_PASSWORD" > store_password
cp store_password kafka_keystore_creds
cp store_password kafka_ssl_key_creds
cp store_password kafka_truststore_creds
rm ca.key
# Readable by the non-root users of the other containers; the volume is private to the stack.
chmod 0644 ./*
echo "certificates written"
