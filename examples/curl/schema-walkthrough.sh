#!/usr/bin/env bash
# Avro through the REST Proxy and its Schema Registry with curl: produce a
# record with its schema, read the schema back from the registry, then
# read the record back with an avro consumer, checking every answer.
#
#   go run ./cmd/kafkarestmock --topic orders:1 &
#   # it prints the REST URL, then the schema registry's URL
#   examples/curl/schema-walkthrough.sh http://127.0.0.1:8082 http://127.0.0.1:8081
#
# Against a real REST Proxy give its Schema Registry's URL as the second
# argument. TOPIC names another topic than orders; the consumer reads it
# from the beginning, so it must hold avro records only (an avro consumer
# stops at a record it cannot deserialize, as Kafka's does). Needs bash
# and curl. Exits non-zero at the first unexpected answer, saying which.
set -euo pipefail

base=${1:-http://127.0.0.1:8082}
base=${base%/}
registry=${2:-http://127.0.0.1:8081}
registry=${registry%/}
topic=${TOPIC:-orders}
group=curl-avro-$$
consumer=c-$$
order=order-$$

V2=application/vnd.kafka.v2+json
V2AVRO=application/vnd.kafka.avro.v2+json
SR=application/vnd.schemaregistry.v1+json

# The value schema, written as Avro prints it (the registry keeps its
# canonical text), and the same text as a JSON string.
schema='{"type":"record","name":"Order","namespace":"example","fields":[{"name":"id","type":"string"},{"name":"total","type":"double"}]}'
schema_json=\"${schema//\"/\\\"}\"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# call METHOD URL [BODY [CONTENT-TYPE [ACCEPT]]]: sets $status and $body.
call() {
  local method=$1 url=$2 data=${3-} ctype=${4:-$V2} accept=${5:-$V2}
  method_path="$method $url"
  local args=(-sS -X "$method" -H "Accept: $accept" -o "$tmp/body" -w '%{http_code}')
  if [ -n "$data" ]; then
    args+=(-H "Content-Type: $ctype" --data-binary "$data")
  fi
  status=$(curl "${args[@]}" "$url")
  body=$(cat "$tmp/body")
}

fail() {
  echo "FAIL: $method_path: $*" >&2
  exit 1
}

# expect STATUS [SUBSTRING...]: checks the last answer.
expect() {
  local want=$1
  shift
  [ "$status" = "$want" ] || fail "answered $status, want $want: $body"
  for sub in "$@"; do
    case $body in
      *"$sub"*) ;;
      *) fail "answer lacks $sub: $body" ;;
    esac
  done
  echo "ok   $method_path -> $status"
}

# expect_body STATUS BODY: checks the last answer exactly. Registries up
# to Confluent 7.9 leave "schemaType":"AVRO" out, later ones put it in:
# both are fine.
expect_body() {
  [ "$status" = "$1" ] || fail "answered $status, want $1: $body"
  local got=${body//\"schemaType\":\"AVRO\",/}
  [ "$got" = "$2" ] || fail "answered
  $body
want
  $2"
  echo "ok   $method_path -> $status"
}

echo "== $base (schema registry $registry, topic $topic)"

# Produce one avro record with its value schema: the proxy registers the
# schema under the subject <topic>-value and answers with its id.
call POST "$base/topics/$topic" "{\"value_schema\":$schema_json,\"records\":[{\"value\":{\"id\":\"$order\",\"total\":42.5}}]}" "$V2AVRO"
id=$(printf '%s' "$body" | sed -n 's/.*"value_schema_id":\([0-9]*\).*/\1/p')
partition=$(printf '%s' "$body" | sed -n 's/.*"partition":\([0-9]*\).*/\1/p')
offset=$(printf '%s' "$body" | sed -n 's/.*"offset":\([0-9]*\).*/\1/p')
expect_body 200 "{\"offsets\":[{\"partition\":$partition,\"offset\":$offset,\"error_code\":null,\"error\":null}],\"key_schema_id\":null,\"value_schema_id\":$id}"

# The registry has it: the subject's latest version, and the schema by id.
call GET "$registry/subjects/$topic-value/versions/latest" "" "" "$SR"
version=$(printf '%s' "$body" | sed -n 's/.*"version":\([0-9]*\).*/\1/p')
expect_body 200 "{\"subject\":\"$topic-value\",\"version\":$version,\"id\":$id,\"schema\":$schema_json}"
call GET "$registry/schemas/ids/$id" "" "" "$SR"
expect_body 200 "{\"schema\":$schema_json}"

# Read the record back with an avro consumer, from the beginning.
call POST "$base/consumers/$group" "{\"name\":\"$consumer\",\"format\":\"avro\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"
instance=$base/consumers/$group/instances/$consumer
expect_body 200 "{\"instance_id\":\"$consumer\",\"base_uri\":\"$instance\"}"
call POST "$instance/subscription" "{\"topics\":[\"$topic\"]}"
expect_body 204 ""
want="{\"topic\":\"$topic\",\"key\":null,\"value\":{\"id\":\"$order\",\"total\":42.5},\"partition\":$partition,\"offset\":$offset}"
all=""
for _ in $(seq 10); do
  call GET "$instance/records" "" "" "$V2AVRO"
  expect 200
  all+=$body
  case $all in *"$want"*) break ;; esac
done
case $all in
  *"$want"*) echo "ok   read $want" ;;
  *) fail "record $order not read; got: $all" ;;
esac

# Clean up the instance; it is gone afterwards.
call DELETE "$instance"
expect_body 204 ""
call GET "$instance/subscription"
expect 404 '"error_code":40403'

echo "== schema walkthrough passed"
