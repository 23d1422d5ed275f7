// The kafkarestmock page: reads the admin API under /_mock/ every second
// and produces through the REST API itself. Plain JavaScript, no build
// step; every value from the server is inserted as text, never as HTML.
"use strict";

const POLL_MS = 1000;
const REQUESTS_SHOWN = 200;

const $ = (id) => document.getElementById(id);

// el builds an element: el("td", {className: "x"}, "text", child, ...).
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === "dataset") Object.assign(e.dataset, v);
      else e[k] = v;
    }
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

// api calls the server and returns {status, body}; body is parsed JSON
// when there is one.
async function api(method, path, body, headers) {
  const opts = {method, headers: Object.assign({}, headers || {})};
  if (body !== undefined) {
    opts.body = typeof body === "string" ? body : JSON.stringify(body);
    if (!opts.headers["Content-Type"]) opts.headers["Content-Type"] = "application/json";
  }
  const resp = await fetch(path, opts);
  const text = await resp.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = text; }
  }
  return {status: resp.status, ok: resp.ok, body: parsed};
}

function errorText(r) {
  if (r.body && typeof r.body === "object" && "message" in r.body) {
    return `${r.status} (error_code ${r.body.error_code}): ${r.body.message}`;
  }
  return `${r.status}: ${typeof r.body === "string" ? r.body : JSON.stringify(r.body)}`;
}

function showResult(node, ok, text) {
  node.textContent = text;
  node.className = "result " + (ok ? "ok" : "bad");
}

// utf8ToBase64 encodes text as UTF-8, then base64, for the binary format.
function utf8ToBase64(s) {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function base64ToHex(b64) {
  const bin = atob(b64);
  const out = [];
  for (let i = 0; i < bin.length; i++) out.push(bin.charCodeAt(i).toString(16).padStart(2, "0"));
  return out.join(" ");
}

// The registry's schemaType of each schema format, and the format of each
// schemaType.
const SCHEMA_TYPES = {avro: "AVRO", jsonschema: "JSON", protobuf: "PROTOBUF"};
const FORMAT_OF_TYPE = {AVRO: "avro", JSON: "jsonschema", PROTOBUF: "protobuf"};

// schemaBadge is the "avro #3" mark of a key or value stored in
// Confluent's wire format with schema id 3.
function schemaBadge(p) {
  const name = FORMAT_OF_TYPE[p.schema_type] || p.schema_type;
  const title = p.schema_error === undefined ?
    `schema id ${p.schema_id} (${p.schema_type}): Confluent's wire format, shown as a consumer of the ${name} format reads it` :
    `schema id ${p.schema_id} (${p.schema_type}): its decoder refuses these bytes`;
  return el("span", {className: "badge" + (p.schema_error === undefined ? "" : " bad"), title}, `${name} #${p.schema_id}`);
}

// payloadNode shows a key, value or header value in the chosen format;
// schema data is shown decoded after its badge.
function payloadNode(p, format) {
  if (p === null || p === undefined) return el("span", {className: "null"}, "null");
  if (p.schema_id !== undefined) {
    let shown;
    if (format === "hex") shown = el("code", {className: "payload"}, base64ToHex(p.base64));
    else if (p.schema_error !== undefined) shown = el("span", null, el("span", {className: "schema-error"}, p.schema_error), el("code", {className: "payload binary"}, base64ToHex(p.base64)));
    else if (format === "json") shown = el("pre", {className: "payload json"}, JSON.stringify(p.data, null, 2));
    else shown = el("span", {className: "payload"}, JSON.stringify(p.data));
    return el("span", {className: "schema-payload"}, schemaBadge(p), shown);
  }
  if (format === "hex") return el("code", {className: "payload"}, p.size ? base64ToHex(p.base64) : "(empty)");
  if (format === "json" && p.json !== undefined) {
    return el("pre", {className: "payload json"}, JSON.stringify(p.json, null, 2));
  }
  if (p.text !== undefined) {
    if (p.text === "") return el("span", {className: "null"}, "(empty)");
    return el("span", {className: "payload"}, p.text);
  }
  return el("code", {className: "payload binary", title: "not UTF-8 text; shown as hex"}, base64ToHex(p.base64));
}

function fmtTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return d.toISOString().replace("T", " ").replace("Z", "");
}

function fillTable(id, rows, emptyId) {
  const tbody = $(id).tBodies[0];
  tbody.replaceChildren(...rows);
  if (emptyId) $(emptyId).hidden = rows.length > 0;
}

// Each view keeps the JSON it last drew and redraws only on change.
const last = {};
function changed(key, value) {
  const s = JSON.stringify(value);
  if (last[key] === s) return false;
  last[key] = s;
  return true;
}

// ---- topics ----

let topics = [];

function renderTopics(list) {
  topics = list;
  if (!changed("topics", list)) return;
  fillTable("topics-table", list.map((t) => el("tr", {dataset: {topic: t.name}},
    el("td", null, el("a", {href: "#messages-section", className: "topic-link", onclick: () => selectTopic(t.name)}, t.name)),
    el("td", {className: "num"}, t.records),
    el("td", null, ...t.partitions.map((p) => el("span", {className: "partition", title: `${p.records} records, ${p.bytes} bytes`},
      `${p.partition}: ${p.log_start_offset} – ${p.log_end_offset}`))),
    el("td", {className: "configs"}, Object.entries(t.configs).map(([k, v]) => `${k}=${v}`).join(", ")),
  )), "topics-empty");

  // Topic choices for the messages view and the produce form.
  const sel = $("msg-topic");
  const current = sel.value;
  sel.replaceChildren(...list.map((t) => el("option", {value: t.name}, t.name)));
  if (list.some((t) => t.name === current)) sel.value = current;
  $("topic-names").replaceChildren(...list.map((t) => el("option", {value: t.name})));
  renderPartitionChoices();
}

function renderPartitionChoices() {
  const t = topics.find((x) => x.name === $("msg-topic").value);
  const sel = $("msg-partition");
  const current = sel.value;
  const n = t ? t.partitions.length : 0;
  if (sel.options.length !== n + 1) {
    const opts = [el("option", {value: ""}, "all")];
    for (let i = 0; i < n; i++) opts.push(el("option", {value: String(i)}, String(i)));
    sel.replaceChildren(...opts);
    if (current !== "" && Number(current) < n) sel.value = current;
  }
}

function selectTopic(name) {
  $("msg-topic").value = name;
  renderPartitionChoices();
  loadMessages();
}

$("create-topic-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const body = {name: $("new-topic-name").value.trim(), partitions: Number($("new-topic-partitions").value || 1)};
  const r = await api("POST", "/_mock/topics", body);
  showResult($("create-topic-result"), r.ok, r.ok ? `created ${body.name}` : errorText(r));
  if (r.ok) $("new-topic-name").value = "";
  poll();
});

// ---- messages ----

// The end offsets the messages view was drawn at, to follow new ones.
let messagesAt = "";

function messagesQuery() {
  const topic = $("msg-topic").value;
  if (!topic) return null;
  const q = new URLSearchParams();
  if ($("msg-partition").value !== "") q.set("partition", $("msg-partition").value);
  if ($("msg-offset").value !== "") q.set("offset", $("msg-offset").value);
  q.set("limit", $("msg-limit").value || "100");
  return `/_mock/topics/${encodeURIComponent(topic)}/records?${q}`;
}

let messages = [];
let messagesSeq = 0; // only the newest load draws

async function loadMessages() {
  const seq = ++messagesSeq;
  const path = messagesQuery();
  if (!path) {
    messages = [];
    drawMessages();
    return;
  }
  const t = topics.find((x) => x.name === $("msg-topic").value);
  messagesAt = t ? JSON.stringify(t.partitions) : "";
  const r = await api("GET", path);
  if (seq !== messagesSeq) return;
  messages = r.ok ? r.body : [];
  drawMessages();
}

function drawMessages() {
  const format = $("msg-format").value;
  fillTable("messages-table", messages.map((m) => el("tr", {dataset: {partition: m.partition, offset: m.offset}},
    el("td", {className: "num"}, m.partition),
    el("td", {className: "num"}, m.offset),
    el("td", {className: "time", title: `${m.timestamp_ms} ms`}, fmtTime(m.timestamp)),
    el("td", {className: "key"}, payloadNode(m.key, format)),
    el("td", {className: "value"}, payloadNode(m.value, format)),
    el("td", {className: "headers"}, ...m.headers.map((h) => el("div", null, el("b", null, h.key), ": ", payloadNode(h.value, format)))),
  )), "messages-empty");
}

function followMessages() {
  if (!$("msg-follow").checked) return;
  const t = topics.find((x) => x.name === $("msg-topic").value);
  const at = t ? JSON.stringify(t.partitions) : "";
  if (at !== messagesAt) loadMessages();
}

$("messages-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadMessages(); });
$("msg-topic").addEventListener("change", () => { renderPartitionChoices(); loadMessages(); });
for (const id of ["msg-partition", "msg-offset", "msg-limit"]) $(id).addEventListener("change", loadMessages);
$("msg-format").addEventListener("change", drawMessages);

// ---- schema registry, for the produce form's schema formats ----

// registryBase is where the page reads the registry: the embedded one's
// mount on this origin, an external registry's URL (which must let this
// origin read it), or null when the server has none; undefined until
// GET /_mock/info answered.
let registryBase;

async function loadRegistryBase() {
  const r = await api("GET", "/_mock/info");
  if (!r.ok) throw new Error(errorText(r));
  const u = r.body.schema_registry_url;
  if (u === null) registryBase = null;
  else if (u === r.body.rest_url + "/schema-registry") registryBase = "/schema-registry";
  else registryBase = u;
}

// loadSubjects fills the schema pickers with the registry's subjects,
// keeping each picker's choice when it is still there.
async function loadSubjects() {
  const note = $("produce-registry");
  let r;
  try {
    if (registryBase === undefined) await loadRegistryBase();
    if (registryBase === null) {
      note.textContent = "The server has no schema registry: the proxy refuses the schema formats.";
      return;
    }
    r = await api("GET", `${registryBase}/subjects`);
  } catch (e) {
    note.textContent = `The registry is not reachable from this page (${e.message}); paste a raw schema.`;
    return;
  }
  if (!r.ok) {
    note.textContent = "registry: " + errorText(r);
    return;
  }
  note.textContent = `${r.body.length} subject${r.body.length === 1 ? "" : "s"} in the registry at ${registryBase}`;
  for (const which of ["key", "value"]) {
    const sel = $(`produce-${which}-subject`);
    const current = sel.value;
    const fixed = [...sel.options].filter((o) => !o.value.startsWith("s:"));
    sel.replaceChildren(...fixed, ...r.body.map((s) => el("option", {value: "s:" + s}, `${s} (latest)`)));
    if ([...sel.options].some((o) => o.value === current)) sel.value = current;
  }
}

// latestSchema reads a subject's latest version:
// {subject, version, id, schemaType, schema}.
async function latestSchema(subject) {
  if (registryBase === undefined) await loadRegistryBase();
  if (!registryBase) throw new Error("the server has no schema registry");
  const r = await api("GET", `${registryBase}/subjects/${encodeURIComponent(subject)}/versions/latest`);
  if (!r.ok) throw new Error(`subject ${subject}: ${errorText(r)}`);
  return r.body;
}

// showPicker shows the raw schema box or the chosen subject's latest
// schema under a key or value schema picker.
async function showPicker(which) {
  const sel = $(`produce-${which}-subject`);
  const info = $(`produce-${which}-schema-info`);
  $(`produce-${which}-schema-text`).hidden = sel.value !== "raw";
  info.hidden = !sel.value.startsWith("s:");
  if (info.hidden) return;
  const choice = sel.value;
  info.textContent = "…";
  let text;
  try {
    const s = await latestSchema(choice.slice(2));
    const type = s.schemaType || "AVRO";
    const want = SCHEMA_TYPES[$("produce-format").value];
    text = `id ${s.id}, version ${s.version}, ${type}` +
      (want && type !== want ? ` (the ${$("produce-format").value} format needs a ${want} schema)` : "") + "\n" + s.schema;
  } catch (e) {
    text = e.message;
  }
  if (sel.value === choice) info.textContent = text;
}

function formatChanged() {
  const f = $("produce-format").value;
  $("produce-ct").textContent = `application/vnd.kafka.${f}.v2+json`;
  const schema = f in SCHEMA_TYPES;
  $("produce-key-schema").hidden = !schema;
  $("produce-value-schema").hidden = !schema;
  $("produce-key").placeholder = f === "binary" ? "empty: no key (null)" : "JSON; empty: no key (null)";
  if (schema) {
    loadSubjects();
    showPicker("key");
    showPicker("value");
  }
}

$("produce-format").addEventListener("change", formatChanged);
for (const which of ["key", "value"]) $(`produce-${which}-subject`).addEventListener("change", () => showPicker(which));
$("produce-subjects-reload").addEventListener("click", loadSubjects);

// ---- produce, through the REST API ----

// jsonText checks that text is one JSON value and returns the text as
// typed, so that numbers reach the proxy with all their digits; empty
// text is null.
function jsonText(text, what) {
  const t = text.trim();
  if (t === "") return "null";
  try {
    JSON.parse(t);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${e.message}`);
  }
  return t;
}

// schemaFields returns the request fields that name the key's or value's
// schema: the latest id of a subject, a raw schema, or none.
async function schemaFields(which) {
  const choice = $(`produce-${which}-subject`).value;
  if (choice === "raw") return `"${which}_schema":${JSON.stringify($(`produce-${which}-schema-text`).value)},`;
  if (choice.startsWith("s:")) return `"${which}_schema_id":${(await latestSchema(choice.slice(2))).id},`;
  return "";
}

// produceBody builds the v2 produce request of one record in the format.
async function produceBody(format) {
  const keyIn = $("produce-key").value;
  const valueIn = $("produce-value").value;
  let key, value;
  if (format === "binary") {
    key = keyIn === "" ? "null" : JSON.stringify(utf8ToBase64(keyIn));
    value = JSON.stringify(utf8ToBase64(valueIn));
  } else {
    key = jsonText(keyIn, "the key");
    value = jsonText(valueIn, "the value");
  }
  let record = `{"key":${key},"value":${value}`;
  if ($("produce-partition").value !== "") record += `,"partition":${Number($("produce-partition").value)}`;
  record += "}";
  const schemas = format in SCHEMA_TYPES ? await schemaFields("key") + await schemaFields("value") : "";
  return `{${schemas}"records":[${record}]}`;
}

$("produce-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const res = $("produce-result");
  const topic = $("produce-topic").value.trim();
  const format = $("produce-format").value;
  let body;
  try {
    body = await produceBody(format);
  } catch (e) {
    showResult(res, false, e.message);
    return;
  }
  const r = await api("POST", `/topics/${encodeURIComponent(topic)}`, body, {
    "Content-Type": `application/vnd.kafka.${format}.v2+json`,
    "Accept": "application/vnd.kafka.v2+json",
  });
  if (!r.ok) {
    showResult(res, false, errorText(r));
  } else {
    const o = r.body.offsets[0];
    const ids = [["key", r.body.key_schema_id], ["value", r.body.value_schema_id]]
      .filter(([, id]) => id !== null && id !== undefined).map(([w, id]) => `${w} schema id ${id}`).join(", ");
    if (o.error_code) showResult(res, false, `not stored: error_code ${o.error_code}: ${o.error}`);
    else showResult(res, true, `stored in ${topic} at partition ${o.partition}, offset ${o.offset}` + (ids ? ` (${ids})` : ""));
  }
  if (r.ok && format in SCHEMA_TYPES) loadSubjects(); // the proxy may have registered a subject
  await poll();
  if (r.ok && topics.some((t) => t.name === topic) && $("msg-topic").value !== topic) selectTopic(topic);
});

// ---- consumer groups and instances ----

const tpText = (tp) => `${tp.topic}-${tp.partition}`;

function renderGroups(list) {
  if (!changed("groups", list)) return;
  fillTable("groups-table", list.map((g) => el("tr", {dataset: {group: g.group}},
    el("td", null, g.group, el("div", {className: "hint"}, `generation ${g.generation}`)),
    el("td", null, ...(g.members.length ? g.members.map((m) => el("div", null, el("b", null, m.member_id), ": ",
      m.assignment.length ? m.assignment.map(tpText).join(", ") : "nothing assigned")) : [el("span", {className: "null"}, "no members")])),
    el("td", null, ...(g.committed.length ? g.committed.map((c) => el("div", null,
      `${tpText(c)} @ ${c.offset}`, c.lag === null ? "" : el("span", {className: c.lag > 0 ? "lag" : "hint"}, ` (lag ${c.lag})`))) :
      [el("span", {className: "null"}, "none")])),
  )), "groups-empty");
}

function renderConsumers(list) {
  if (!changed("consumers", list)) return;
  fillTable("consumers-table", list.map((c) => el("tr", null,
    el("td", null, c.api),
    el("td", null, c.group),
    el("td", null, c.name),
    el("td", null, c.format),
    el("td", null, c.assignment.length ? c.assignment.map(tpText).join(", ") : el("span", {className: "null"}, "none")),
    el("td", {className: "time"}, fmtTime(c.expires)),
  )), "consumers-empty");
}

// ---- faults ----

// effects are the fields that set a rule's effect, as the server names
// them (GET /_mock/effects).
let effects = [];

async function loadEffects() {
  const r = await api("GET", "/_mock/effects");
  if (r.ok) effects = r.body;
}

// effectText shows a rule's effect as the field that sets it, with its
// value: "kafka_error NOT_LEADER_FOR_PARTITION", "delay_ms 50",
// "drop_connection", 'response {"status":503}'.
function effectText(f) {
  const name = effects.find((n) => n in f);
  if (name === undefined) return "";
  const v = f[name];
  if (v === true) return name;
  return `${name} ${typeof v === "object" ? JSON.stringify(v) : v}`;
}

function ruleSummary(f) {
  const match = Object.entries(f.match || {}).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
  const effect = effectText(f);
  const count = [f.after ? `after ${f.after}` : "", f.times ? `${f.times} times` : "", f.probability !== undefined ? `p=${f.probability}` : ""].filter(Boolean).join(", ");
  return el("div", null,
    f.name ? el("div", null, el("b", null, f.name)) : null,
    el("div", null, el("code", null, effect), count ? ` (${count})` : ""),
    el("div", {className: "hint"}, match ? `when ${match}` : "every request"));
}

function renderFaults(list) {
  if (!changed("faults", list)) return;
  fillTable("faults-table", list.map((r) => el("tr", {dataset: {id: r.id}},
    el("td", {className: "num"}, r.id),
    el("td", null, ruleSummary(r.fault)),
    el("td", {className: "num"}, r.matched),
    el("td", {className: "num"}, r.hits),
    el("td", null, el("button", {type: "button", className: "remove", onclick: async () => {
      const res = await api("DELETE", `/_mock/faults/${encodeURIComponent(r.id)}`);
      showResult($("fault-result"), res.ok, res.ok ? `removed rule ${r.id}` : errorText(res));
      poll();
    }}, "Remove")),
  )), "faults-empty");
}

$("fault-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const r = await api("POST", "/_mock/faults", $("fault-rule").value);
  showResult($("fault-result"), r.ok, r.ok ? `added rule ${r.body.id}` : errorText(r));
  poll();
});

$("faults-clear").addEventListener("click", async () => {
  const r = await api("DELETE", "/_mock/faults");
  showResult($("fault-result"), r.ok, r.ok ? "removed every rule" : errorText(r));
  poll();
});

// ---- requests ----

function renderRequests(list) {
  if ($("requests-pause").checked) return;
  const shown = list.slice(-REQUESTS_SHOWN).reverse();
  if (!changed("requests", shown)) return;
  fillTable("requests-table", shown.map((q) => el("tr", {className: q.status >= 400 ? "failed" : ""},
    el("td", {className: "time"}, fmtTime(q.time)),
    el("td", null, q.method),
    el("td", {className: "path"}, q.path + (q.query ? "?" + q.query : "")),
    el("td", {className: "path"}, q.route || ""),
    el("td", {className: "num"}, q.status),
    el("td", {className: "num"}, q.error_code || ""),
    el("td", {className: "num"}, `${(q.duration_ns / 1e6).toFixed(1)} ms`),
    el("td", null, q.fault ? `rule ${q.fault}` : ""),
  )), "requests-empty");
}

$("requests-clear").addEventListener("click", async () => {
  await api("DELETE", "/_mock/requests");
  poll();
});

// ---- clock and reset ----

function renderClock(c) {
  $("clock-mode").textContent = c.mode === "manual" ? "manual clock" : "real clock";
  $("clock-now").textContent = fmtTime(c.now);
  $("clock-controls").hidden = c.mode !== "manual";
}

async function advance(ms) {
  const r = await api("POST", "/_mock/clock/advance", {ms: Number(ms)});
  if (!r.ok) alertStatus(errorText(r));
  poll();
}

for (const b of document.querySelectorAll("[data-advance]")) b.addEventListener("click", () => advance(b.dataset.advance));
$("clock-advance").addEventListener("click", () => advance($("clock-ms").value || 0));

$("reset-btn").addEventListener("click", async () => {
  const r = await api("POST", "/_mock/reset");
  if (!r.ok) alertStatus(errorText(r));
  for (const k of Object.keys(last)) delete last[k];
  await poll();
  loadMessages();
  if ($("produce-format").value in SCHEMA_TYPES) formatChanged();
});

function alertStatus(text) {
  const s = $("status");
  s.textContent = text;
  s.className = "status bad";
}

// ---- polling ----

let polling = false;

async function poll() {
  if (polling) return;
  polling = true;
  try {
    const [t, g, c, f, q, clk] = await Promise.all(
      ["/_mock/topics", "/_mock/groups", "/_mock/consumers", "/_mock/faults", "/_mock/requests", "/_mock/clock"].map((p) => api("GET", p)));
    for (const r of [t, g, c, f, q, clk]) if (!r.ok) throw new Error(errorText(r));
    renderTopics(t.body);
    renderGroups(g.body);
    renderConsumers(c.body);
    renderFaults(f.body);
    renderRequests(q.body);
    renderClock(clk.body);
    const s = $("status");
    s.textContent = "live";
    s.className = "status ok";
    followMessages();
  } catch (e) {
    alertStatus("server not reachable: " + e.message);
  } finally {
    polling = false;
  }
}

formatChanged();
loadEffects().catch(() => {}).then(poll).then(() => { if (!messagesAt) loadMessages(); });
setInterval(poll, POLL_MS);
