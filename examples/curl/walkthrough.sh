#!/usr/bin/env bash
# The Kafka REST Proxy API v2 with curl: produce, create a consumer,
# subscribe, read, commit, and clean up, checking every answer.
#
#   go run ./cmd/kafkarestmock &          # or any REST Proxy
#   examples/curl/walkthrough.sh http://127.0.0.1:8082
#
# Needs bash, curl and base64. Exits non-zero at the first unexpected
# answer, saying which.
set -euo pipefail

base=${1:-http://127.0.0.1:8082}
base=${base%/}
topic=curl-walkthrough-$$
group=curl-walkthrough
consumer=c-$$

V2=application/vnd.kafka.v2+json
BINARY=application/vnd.kafka.binary.v2+json

# request METHOD PATH [BODY [CONTENT-TYPE [ACCEPT]]]: sets $status and
# $body.
request() {
  local method=$1 path=$2 data=${3-} ctype=${4:-$V2} accept=${5:-$V2}
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

# call METHOD PATH [BODY [CONTENT-TYPE [ACCEPT]]]
call() {
  method_path="$1 $2"
  request "$@"
}

b64() { printf '%s' "$1" | base64 | tr -d '\n'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== $base"

# Produce three keyed records (binary format: keys and values in base64).
records=""
for i in 1 2 3; do
  records+="{\"key\":\"$(b64 "order-$i")\",\"value\":\"$(b64 "{\"n\":$i}")\"},"
done
call POST "/topics/$topic" "{\"records\":[${records%,}]}" "$BINARY"
expect 200 '"offsets":[' '"offset":'
case $body in
  *'"error_code":5'*)
    echo "FAIL: a record was not stored: $body" >&2
    exit 1
    ;;
esac

# The topic exists now (auto-created on first produce).
call GET "/topics/$topic"
expect 200 "\"name\":\"$topic\"" '"partitions":['

# Create a consumer instance that reads from the beginning.
call POST "/consumers/$group" "{\"name\":\"$consumer\",\"format\":\"binary\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"
expect 200 "\"instance_id\":\"$consumer\"" '"base_uri":'
instance=/consumers/$group/instances/$consumer

# Subscribe it to the topic.
call POST "$instance/subscription" "{\"topics\":[\"$topic\"]}"
expect 204
call GET "$instance/subscription"
expect 200 "\"topics\":[\"$topic\"]"

# Read until the three records are in (each read waits up to a second).
seen=0
all=""
for _ in $(seq 10); do
  call GET "$instance/records" "" "" "$BINARY"
  expect 200
  all+=$body
  seen=$(printf '%s' "$all" | grep -o '"offset":' | wc -l)
  [ "$seen" -ge 3 ] && break
done
if [ "$seen" -lt 3 ]; then
  echo "FAIL: read $seen records, want 3: $all" >&2
  exit 1
fi
for i in 1 2 3; do
  case $all in
    *"\"key\":\"$(b64 "order-$i")\""*) ;;
    *)
      echo "FAIL: record order-$i not read: $all" >&2
      exit 1
      ;;
  esac
done
echo "ok   read the 3 records"

# Commit what was read, then ask for the committed offsets.
call POST "$instance/offsets" ""
expect 200
call GET "$instance/offsets" "{\"partitions\":[{\"topic\":\"$topic\",\"partition\":0}]}"
expect 200 "\"topic\":\"$topic\"" '"offset":3'

# Clean up the instance; it is gone afterwards.
call DELETE "$instance"
expect 204
call GET "$instance/subscription"
expect 404 '"error_code":40403'

echo "== walkthrough passed"
