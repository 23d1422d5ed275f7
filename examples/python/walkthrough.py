#!/usr/bin/env python3
"""The REST Proxy walkthrough this project started from, run against kafkarestmock.

Start the mock with the topics the walkthrough uses, then run this script:

    go run ./cmd/kafkarestmock --topic test_kfk_lk:2 --topic test_kfk:1
    python3 examples/python/walkthrough.py http://127.0.0.1:8082

It follows the walkthrough's Python `requests` calls step by step (API v1
with base64 values, a consumer with auto.offset.reset=smallest, the simple
consumer reading messages?offset=3&count=2, then the v2 consumer calls) and
checks every answer. It exits 1 at the first answer that differs.
"""

import base64
import sys

import requests

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8082"
V1 = {"Content-Type": "application/vnd.kafka.v1+json"}
V2 = {"Content-Type": "application/vnd.kafka.v2+json"}
CHINESE = "尊敬的客户您好，hi kafka, i'm xnchall"
checks = 0


def check(what, got, want):
    global checks
    checks += 1
    if got != want:
        print(f"walkthrough: {what}: got {got!r}, want {want!r}", file=sys.stderr)
        sys.exit(1)


def b64(text):
    return base64.b64encode(text.encode()).decode()


def unb64(value):
    return base64.b64decode(value).decode()


def offsets_ok(r, n):
    check("produce status", r.status_code, 200)
    check("produce content type", r.headers["Content-Type"], "application/vnd.kafka.v1+json")
    body = r.json()
    check("produce offsets", len(body["offsets"]), n)
    for o in body["offsets"]:
        check("produce error_code", o["error_code"], None)
    check("key_schema_id", body["key_schema_id"], None)
    return body["offsets"]


# Produce messages (v1, base64 values).
url = f"{BASE}/topics/test_kfk_lk"
data = {"records": [{"key": "a2V5", "value": "Y29uZmx1ZW50"}, {"value": "a2Fma2E=", "partition": 1}, {"value": "bG9ncw=="}]}
offs = offsets_ok(requests.post(url=url, json=data, headers=V1), 3)
check("explicit partition", offs[1]["partition"], 1)
data1 = {"records": [{"value": b64(CHINESE)}]}
check("the walkthrough's own base64", data1["records"][0]["value"], "5bCK5pWs55qE5a6i5oi35oKo5aW977yMaGkga2Fma2EsIGknbSB4bmNoYWxs")
offsets_ok(requests.post(url=url, json=data1, headers=V1), 1)

# Produce to one partition.
ad = "hi kafka,i'm xnchall"
r2 = requests.post(url=f"{BASE}/topics/test_kfk_lk/partitions/1", json={"records": [{"value": b64(ad)}]}, headers=V1)
check("partition produce", offsets_ok(r2, 1)[0]["partition"], 1)

# Create a consumer instance in a group.
r3 = requests.post(url=f"{BASE}/consumers/my_group",
                   json={"id": "my_consumer1", "format": "binary", "auto.offset.reset": "smallest", "auto.commit.enable": "false"},
                   headers=V1)
check("create status", r3.status_code, 200)
check("instance_id", r3.json()["instance_id"], "my_consumer1")
check("base_uri", r3.json()["base_uri"], f"{BASE}/consumers/my_group/instances/my_consumer1")
inst = f"{BASE}/consumers/my_group/instances/my_consumer1"

# Commit offsets: nothing consumed yet.
r4 = requests.post(url=f"{inst}/offsets", headers=V1)
check("first commit", (r4.status_code, r4.json()), (200, []))

# Consume the topic.
rr2 = requests.get(url=f"{inst}/topics/test_kfk_lk", headers=V1)
check("consume status", rr2.status_code, 200)
records = rr2.json()
check("consumed records", len(records), 5)
values = sorted(unb64(rec["value"]) for rec in records)
check("consumed values", values, sorted(["confluent", "kafka", "logs", CHINESE, ad]))
check("Chinese text intact", CHINESE in values, True)
check("key", [unb64(rec["key"]) for rec in records if rec["key"] is not None], ["key"])
for rec in records:
    check("record fields", list(rec.keys()), ["topic", "key", "value", "partition", "offset"])

# Commit what was read: one entry per partition consumed.
r5 = requests.post(url=f"{inst}/offsets", headers=V1)
check("commit status", r5.status_code, 200)
check("commit partitions", sorted(o["partition"] for o in r5.json()), [0, 1])
for o in r5.json():
    check("consumed == committed", o["consumed"], o["committed"])

# Delete the consumer instance.
check("delete", requests.delete(f"{inst}").status_code, 204)
check("deleted", requests.get(url=f"{inst}/topics/test_kfk_lk", headers=V1).status_code, 404)

# The simple consumer: messages?offset=3&count=2 of one partition.
offsets_ok(requests.post(url=f"{BASE}/topics/test_kfk", headers=V1,
                         json={"records": [{"value": b64(f"message {i}")} for i in range(5)]}), 5)
rst = requests.get(f"{BASE}/topics/test_kfk/partitions/0/messages", headers=V1, params={"offset": 3, "count": 2})
check("messages status", rst.status_code, 200)
check("messages url", rst.url, f"{BASE}/topics/test_kfk/partitions/0/messages?offset=3&count=2")
check("messages values", [base64.b64decode(itr["value"]).decode() for itr in rst.json()], ["message 3", "message 4"])
bad = requests.get(f"{BASE}/topics/test_kfk/partitions/0/messages", headers=V1, params={"offset": 9})
check("offset past the end", (bad.status_code, bad.json()),
      (500, {"error_code": 50002, "message": "Kafka error: Fetch response contains an error code: 1"}))

# API v2: subscription, assignments, positions, positions/end, records.
c = requests.post(f"{BASE}/consumers/testgroup", headers=V2,
                  json={"name": "my_consumer", "format": "binary", "auto.offset.reset": "earliest"})
check("v2 create", c.status_code, 200)
v2 = c.json()["base_uri"]
check("subscribe", requests.post(f"{v2}/subscription", headers=V2, json={"topics": ["test_kfk_lk"]}).status_code, 204)
check("subscription", requests.get(f"{v2}/subscription", headers=V2).json(), {"topics": ["test_kfk_lk"]})
recs = requests.get(f"{v2}/records", params={"timeout": 3000, "max_bytes": 300000},
                    headers={"Accept": "application/vnd.kafka.binary.v2+json"})
check("records status", recs.status_code, 200)
check("records content type", recs.headers["Content-Type"], "application/vnd.kafka.binary.v2+json")
check("records count", len(recs.json()), 5)
asg = requests.get(f"{v2}/assignments", headers={"Accept": "application/vnd.kafka.v2+json"})
check("assignments", asg.json(), {"partitions": [{"topic": "test_kfk_lk", "partition": 0}, {"topic": "test_kfk_lk", "partition": 1}]})
pos = requests.post(f"{v2}/positions", headers=V2,
                    json={"offsets": [{"topic": "test_kfk_lk", "partition": 0, "offset": 1}, {"topic": "test_kfk_lk", "partition": 1, "offset": 0}]})
check("positions", pos.status_code, 204)
again = requests.get(f"{v2}/records", headers={"Accept": "application/vnd.kafka.binary.v2+json"})
check("records after seek (one skipped in partition 0)", len(again.json()), 4)
end = requests.post(f"{v2}/positions/end", headers=V2,
                    json={"partitions": [{"topic": "test_kfk_lk", "partition": 0}, {"topic": "test_kfk_lk", "partition": 1}]})
check("positions/end", end.status_code, 204)
check("records at the end", requests.get(f"{v2}/records", headers={"Accept": "application/vnd.kafka.binary.v2+json"}).json(), [])
check("v2 delete", requests.delete(v2, headers=V2).status_code, 204)

print(f"walkthrough: ok, {checks} checks")
