#!/usr/bin/env bash
# The Kafka REST Proxy API v3 with curl: find the cluster, create a topic,
# stream two records in one request, read them back with a v2 consumer,
# change a topic config, and see the consumer group's lag, checking every
# answer.
#
#   go run ./cmd/kafkarestmock &          # or any REST Proxy 6.x or later
#   examples/curl/v3-walkthrough.sh http://127.0.0.1:8082
#
# Needs bash and curl. Exits non-zero at the first unexpected answer,
# saying which.
set -euo pipefail

base=${1:-http://127.0.0.1:8082}
base=${base%/}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
topic=curl-v3-$$
group=curl-v3-$$
consumer=c-$$

JSON=application/json
V2=application/vnd.kafka.v2+json
V2JSON=application/vnd.kafka.json.v2+json

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# call METHOD PATH [BODY [CONTENT-TYPE [ACCEPT]]]: sets $status and $body.
call() {
  local method=$1 path=$2 data=${3-} ctype=${4:-$JSON} accept=${5:-$JSON}
  method_path="$method $path"
  local args=(-sS -X "$method" -H "Accept: $accept" -o "$tmp/body" -w '%{http_code}')
  if [ -n "$data" ]; then
    args+=(-H "Content-Type: $ctype" --data-binary "$data")
  fi
  status=$(curl "${args[@]}" "$base$path")
  body=$(cat "$tmp/body")
}

# expect STATUS [SUBSTRING...]: checks the last answer.
expect() {
  local want=$1
  shift
  if [ "$status" != "$want" ]; then
    echo "FAIL: $method_path answered $status, want $want: $body" >&2
    exit 1
  fi
  for sub in "$@"; do
    case $body in
      *"$sub"*) ;;
      *)
        echo "FAIL: $method_path answer lacks $sub: $body" >&2
        exit 1
        ;;
    esac
  done
  echo "ok   $method_path -> $status"
}

echo "== $base"

# The cluster: v3 serves exactly one.
call GET /v3/clusters
expect 200 '"kind":"KafkaClusterList"' '"cluster_id":"'
cluster=$(printf '%s' "$body" | sed -n 's/.*"cluster_id":"\([^"]*\)".*/\1/p')
clusters=/v3/clusters/$cluster

# Create a topic of three partitions.
call POST "$clusters/topics" "{\"topic_name\":\"$topic\",\"partitions_count\":3}"
expect 201 "\"topic_name\":\"$topic\"" '"partitions_count":3'

# Stream two records in one request (concatenated JSON objects, as a
# client that keeps the connection open sends them): two delivery reports
# come back, one per line, each with its partition and offset.
method_path="POST $clusters/topics/$topic/records (stream)"
curl -sS -N -H "Content-Type: $JSON" --data-binary "@$here/two-records.json" \
  -o "$tmp/reports" -w '%{http_code}' "$base$clusters/topics/$topic/records" >"$tmp/status"
status=$(cat "$tmp/status")
body=$(cat "$tmp/reports")
expect 200 '"error_code":200'
reports=$(grep -c '"error_code":200,.*"offset":' "$tmp/reports" || true)
if [ "$reports" != 2 ]; then
  echo "FAIL: $reports delivery reports with an offset, want 2: $body" >&2
  exit 1
fi

# Read them back with a v2 json consumer from the beginning.
call POST "/consumers/$group" "{\"name\":\"$consumer\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}" "$V2" "$V2"
expect 200 "\"instance_id\":\"$consumer\""
instance=/consumers/$group/instances/$consumer
call POST "$instance/subscription" "{\"topics\":[\"$topic\"]}" "$V2" "$V2"
expect 204
all=""
for _ in $(seq 10); do
  call GET "$instance/records" "" "" "$V2JSON"
  expect 200
  all+=$body
  [ "$(printf '%s' "$all" | grep -o '"offset":' | wc -l)" -ge 2 ] && break
done
for key in order-1 order-2; do
  case $all in
    *"\"key\":\"$key\""*) ;;
    *)
      echo "FAIL: record $key not read: $all" >&2
      exit 1
      ;;
  esac
done
echo "ok   read the 2 records"
call POST "$instance/offsets" "" "$V2" "$V2"
expect 200

# Change a topic config and read it back.
call PUT "$clusters/topics/$topic/configs/retention.ms" '{"value":"3600000"}'
expect 204
call GET "$clusters/topics/$topic/configs/retention.ms"
expect 200 '"value":"3600000"' '"source":"DYNAMIC_TOPIC_CONFIG"'

# The group's lag: everything read was committed, so none.
call GET "$clusters/consumer-groups/$group/lag-summary"
expect 200 "\"consumer_group_id\":\"$group\"" '"total_lag":0'

# Clean up: the instance and the topic.
call DELETE "$instance" "" "$V2" "$V2"
expect 204
call DELETE "$clusters/topics/$topic"
expect 204
call GET "$clusters/topics/$topic"
expect 404 '"error_code":404'

echo "== v3 walkthrough passed"
