// The Reactive Micro dashboard: plain DOM, no framework. Everything it shows comes from this gateway's
// /api routes (registry, publish, node health) and its call routes (/{service}/{Interface}/{method}).
"use strict";

const state = { services: [], current: null, live: new Map() };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value != null) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

async function fetchJson(url, options) {
  const res = await fetch(url, options);
  const text = await res.text();
  return { ok: res.ok, status: res.status, text };
}

// ---- services list, kept live by the registry watch ----

async function loadServices() {
  const res = await fetchJson("/api/registry/services");
  if (!res.ok) return;
  const byName = new Map();
  for (const record of JSON.parse(res.text)) {
    const entry = byName.get(record.name) || { name: record.name, versions: 0, nodes: 0 };
    entry.versions += 1;
    entry.nodes += record.nodes.length;
    byName.set(record.name, entry);
  }
  state.services = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  renderServices();
}

function renderServices() {
  const list = document.getElementById("services");
  list.replaceChildren(...state.services.map(s => el("li", {},
    el("a", { href: "#" + encodeURIComponent(s.name), "aria-current": s.name === state.current ? "page" : false,
              "data-service": s.name },
      el("span", {}, s.name),
      el("span", { class: "count", "aria-label": s.nodes + " nodes" }, s.nodes + (s.nodes === 1 ? " node" : " nodes"))))));
  if (state.services.length === 0) list.append(el("li", { class: "hint" }, "no services registered"));
}

let reloadTimer = null;
function scheduleReload(changed) {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => {
    loadServices();
    if (state.current && changed.has(state.current)) refreshNodes(state.current);
  }, 100);
}

function watchRegistry() {
  const status = document.getElementById("watch-status");
  const changed = new Set();
  const source = new EventSource("/api/registry/watch");
  source.onopen = () => { status.textContent = "live: watching the registry"; status.className = "ok"; };
  source.onmessage = e => {
    const event = JSON.parse(e.data);
    changed.add(event.service.name);
    status.textContent = "live: " + event.type.toLowerCase() + " " + event.service.name;
    scheduleReload(changed);
  };
  source.onerror = () => { status.textContent = "registry watch interrupted; reconnecting…"; status.className = "error"; };
}

// ---- one service ----

async function showService(name) {
  state.current = name;
  renderServices();
  for (const stop of state.live.values()) stop();
  state.live.clear();
  const main = document.getElementById("service");
  const res = await fetchJson("/api/registry/services/" + encodeURIComponent(name));
  if (!res.ok) {
    main.replaceChildren(el("p", { class: "error", role: "alert" }, pretty(res.text)));
    return;
  }
  const records = JSON.parse(res.text);
  const endpoints = new Map();
  for (const record of records) for (const ep of record.endpoints) if (!endpoints.has(ep.name)) endpoints.set(ep.name, ep);
  const sorted = [...endpoints.values()].sort((a, b) => a.name.localeCompare(b.name));
  main.replaceChildren(
    el("h2", {}, name),
    el("section", { "aria-labelledby": "nodes-heading" }, el("h3", { id: "nodes-heading" }, "Versions and nodes"),
      el("div", { id: "nodes" }, nodesTable(name, records))),
    el("section", { "aria-labelledby": "endpoints-heading" }, el("h3", { id: "endpoints-heading" }, "Endpoints"),
      sorted.map(ep => endpointView(name, ep))));
  main.focus();
}

async function refreshNodes(name) {
  const res = await fetchJson("/api/registry/services/" + encodeURIComponent(name));
  const target = document.getElementById("nodes");
  if (!target || state.current !== name) return;
  if (!res.ok) { target.replaceChildren(el("p", { class: "error" }, "service is gone from the registry")); return; }
  target.replaceChildren(nodesTable(name, JSON.parse(res.text)));
}

function nodesTable(name, records) {
  const rows = [];
  for (const record of records) {
    for (const node of record.nodes) {
      const out = el("output", { "aria-live": "polite" });
      rows.push(el("tr", {},
        el("td", {}, record.version),
        el("td", {}, el("code", {}, node.address)),
        el("td", {}, el("code", {}, node.id)),
        el("td", {}, Object.entries(node.metadata).map(([k, v]) => el("div", {}, el("code", {}, k + "=" + v)))),
        el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => health(name, node.address, out) },
          "Debug.health"), out)));
    }
  }
  return el("table", {},
    el("thead", {}, el("tr", {}, ["version", "address", "node", "metadata", "health"].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows));
}

async function health(service, address, out) {
  out.textContent = "…";
  const res = await fetchJson("/api/health/" + encodeURIComponent(service) + "?node=" + encodeURIComponent(address));
  out.replaceChildren(el("pre", { class: res.ok ? "ok" : "error" }, pretty(res.text)));
}

// ---- endpoints: schema, a generated form, the call ----

function resolve(schema, root) {
  if (schema && schema.$ref && schema.$ref.startsWith("#/")) {
    return schema.$ref.slice(2).split("/").reduce((node, key) => node && node[key], root) || {};
  }
  return schema || {};
}

function sample(schema, root, depth) {
  const s = resolve(schema, root);
  const type = Array.isArray(s.type) ? s.type.find(t => t !== "null") : s.type;
  if (depth > 4) return null;
  if (s.enum) return s.enum[0];
  switch (type) {
    case "object": {
      const out = {};
      for (const [key, prop] of Object.entries(s.properties || {})) out[key] = sample(prop, root, depth + 1);
      return out;
    }
    case "array": return [];
    case "string": return "";
    case "integer": case "number": return 0;
    case "boolean": return false;
    default: return s.properties ? sample({ ...s, type: "object" }, root, depth) : null;
  }
}

function endpointPath(service, endpoint) {
  const [api, method] = endpoint.split(".");
  return "/" + encodeURIComponent(service) + "/" + encodeURIComponent(api) + "/" + encodeURIComponent(method);
}

function endpointView(service, ep) {
  const id = "ep-" + ep.name.replace(/[^A-Za-z0-9]/g, "-");
  const request = resolve(ep.request, ep.request);
  const editor = el("textarea", { id: id + "-body", rows: 5, spellcheck: "false", "aria-describedby": id + "-schema" },
    JSON.stringify(sample(ep.request, ep.request, 0) ?? {}, null, 2));
  const fields = el("div", { class: "fields" });
  for (const [key, prop] of Object.entries(request.properties || {})) {
    const p = resolve(prop, ep.request);
    if (!["string", "integer", "number", "boolean"].includes(p.type)) continue;
    const input = el("input", { id: id + "-f-" + key, name: key, type: p.type === "boolean" ? "checkbox" : p.type === "string" ? "text" : "number",
      oninput: () => syncField(editor, key, p.type, input) });
    fields.append(el("div", {}, el("label", { for: input.id }, key + " (" + p.type + ")"), input));
  }
  const result = el("div", { class: "result", "aria-live": "polite", id: id + "-result" });
  const actions = ep.stream === "none"
    ? [el("button", { type: "submit" }, "Call")]
    : ep.stream === "server"
      ? [el("button", { type: "submit" }, "Start stream"), el("button", { type: "button", class: "secondary", onclick: () => stopLive(ep.name) }, "Stop")]
      : [el("button", { type: "submit" }, "Open and send"), el("button", { type: "button", class: "secondary", onclick: () => stopLive(ep.name) }, "Close")];
  const form = el("form", { "data-endpoint": ep.name, onsubmit: e => { e.preventDefault(); run(service, ep, editor, result); } },
    fields,
    el("label", { for: editor.id }, "Request (JSON)"), editor,
    actions, result);
  return el("details", { class: "endpoint", id },
    el("summary", {}, ep.name, el("span", { class: "shape" }, ep.stream === "none" ? "request-response" : ep.stream === "server" ? "server stream" : "bidirectional")),
    form,
    el("details", { id: id + "-schema" }, el("summary", {}, "schemas"),
      el("p", {}, "request"), el("pre", {}, JSON.stringify(ep.request, null, 2)),
      el("p", {}, "response"), el("pre", {}, JSON.stringify(ep.response, null, 2))));
}

function syncField(editor, key, type, input) {
  let body;
  try { body = JSON.parse(editor.value || "{}"); } catch (e) { body = {}; }
  body[key] = type === "boolean" ? input.checked : type === "string" ? input.value : Number(input.value);
  editor.value = JSON.stringify(body, null, 2);
}

function run(service, ep, editor, result) {
  let body;
  try { body = JSON.stringify(JSON.parse(editor.value || "{}")); } catch (e) {
    result.replaceChildren(el("p", { class: "error", role: "alert" }, "not valid JSON: " + e.message));
    return;
  }
  if (ep.stream === "none") call(service, ep, body, result);
  else if (ep.stream === "server") stream(service, ep, body, result);
  else channel(service, ep, body, result);
}

async function call(service, ep, body, result) {
  result.replaceChildren(el("p", { class: "hint" }, "calling…"));
  const started = performance.now();
  const res = await fetchJson(endpointPath(service, ep.name), { method: "POST", headers: { "Content-Type": "application/json" }, body });
  const millis = Math.round(performance.now() - started);
  result.replaceChildren(
    el("p", { class: res.ok ? "ok" : "error" }, res.status + " in " + millis + " ms"),
    el("pre", { class: "response" }, pretty(res.text)));
}

function liveList(result, note) {
  const list = el("ol", { class: "live" });
  const status = el("p", { class: "hint", role: "status" }, note);
  result.replaceChildren(status, list);
  return { list, status };
}

function stopLive(name) {
  const stop = state.live.get(name);
  if (stop) { stop(); state.live.delete(name); }
}

// A server stream over Server-Sent Events; the gateway ends it with an "end" event (no reconnect).
function stream(service, ep, body, result) {
  stopLive(ep.name);
  const { list, status } = liveList(result, "streaming…");
  const source = new EventSource(endpointPath(service, ep.name) + "?request=" + encodeURIComponent(body));
  let count = 0;
  const stop = (why) => { source.close(); status.textContent = why + " after " + count + " replies"; };
  source.onmessage = e => {
    count += 1;
    list.append(el("li", {}, e.data));
    list.scrollTop = list.scrollHeight;
    status.textContent = "streaming: " + count + " replies";
  };
  source.addEventListener("end", () => { stop("ended"); state.live.delete(ep.name); });
  source.addEventListener("error", e => {
    if (e.data) list.append(el("li", { class: "error" }, e.data));
    stop(e.data ? "failed" : "closed");
    state.live.delete(ep.name);
  });
  state.live.set(ep.name, () => stop("stopped"));
}

// A bidirectional endpoint over a WebSocket: the first submit opens it, each submit sends one message.
function channel(service, ep, body, result) {
  const open = state.live.get(ep.name);
  if (open && open.socket && open.socket.readyState === WebSocket.OPEN) { open.socket.send(body); return; }
  const { list, status } = liveList(result, "connecting…");
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + endpointPath(service, ep.name));
  socket.onopen = () => { status.textContent = "open"; socket.send(body); };
  socket.onmessage = e => { list.append(el("li", {}, e.data)); list.scrollTop = list.scrollHeight; };
  socket.onclose = e => {
    status.textContent = e.code === 1000 ? "closed" : "closed with " + e.code + (e.reason ? ": " + e.reason : "");
    status.className = e.code === 1000 || e.code === 1005 ? "hint" : "error";
    state.live.delete(ep.name);
  };
  const stop = () => socket.close(1000);
  stop.socket = socket;
  state.live.set(ep.name, stop);
}

// ---- publish ----

async function publish(e) {
  e.preventDefault();
  const topic = document.getElementById("publish-topic").value.trim();
  const out = document.getElementById("publish-result");
  const res = await fetchJson("/api/publish/" + encodeURIComponent(topic),
    { method: "POST", headers: { "Content-Type": "application/json" }, body: document.getElementById("publish-body").value });
  out.textContent = res.ok ? "published to " + topic : pretty(res.text);
  out.className = res.ok ? "ok" : "error";
}

function route() {
  const name = decodeURIComponent(location.hash.slice(1));
  if (name) showService(name);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("publish-form").addEventListener("submit", publish);
  window.addEventListener("hashchange", route);
  loadServices().then(route);
  watchRegistry();
});
