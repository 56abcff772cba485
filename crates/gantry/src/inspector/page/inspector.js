// gantry's request inspector. Polls GET /_gantry/api/requests every second, adds new
// requests at the top of the list without re-rendering it, and shows the selected one.
// Request data is only ever inserted as text (textContent), never as HTML.
"use strict";

(() => {
  const API = "/_gantry/api/requests?limit=1000";
  const POLL_MS = 1000;
  const records = new Map(); // id -> record
  const rows = new Map(); // id -> <tr>
  let selected = null;
  let statusClass = "";
  let route = "";
  let firstLoad = true;

  const $ = (selector) => document.querySelector(selector);
  const tbody = () => $("#requests tbody");

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const clock = (time) => {
    const date = new Date(time);
    if (Number.isNaN(date.getTime())) return time;
    const pad = (n, width = 2) => String(n).padStart(width, "0");
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  };
  const latency = (ms) => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`);
  const statusCss = (status) => `s${String(status).charAt(0)}`;
  const routeOf = (record) => record.routeKey ?? "(no route)";

  // ---- the list ------------------------------------------------------------------

  function row(record) {
    const tr = el("tr", { "data-id": record.id, class: firstLoad ? "" : "fresh" },
      el("td", { class: "c-time", title: record.time }, clock(record.time)),
      el("td", { class: "c-method" }, record.method),
      el("td", { class: "c-path", title: record.path }, record.path),
      el("td", { class: `c-status ${statusCss(record.status)}` }, String(record.status)),
      el("td", { class: "c-latency" }, latency(record.durationMs)),
      el("td", { class: "c-api", title: `${record.apiId ?? "-"} · ${record.stage ?? "-"}` },
        `${record.apiId ?? "-"} · ${record.stage ?? "-"}`),
      el("td", { class: "c-route", title: routeOf(record) }, record.routeKey ?? "-"));
    tr.addEventListener("click", () => select(record.id));
    return tr;
  }

  function visible(record) {
    return (!statusClass || String(record.status).startsWith(statusClass))
      && (!route || routeOf(record) === route);
  }

  function applyFilters() {
    let shown = 0;
    for (const [id, tr] of rows) {
      const show = visible(records.get(id));
      tr.hidden = !show;
      if (show) shown += 1;
    }
    $("#count").textContent = `${shown} of ${rows.size} request${rows.size === 1 ? "" : "s"}`;
    $("#empty").hidden = rows.size > 0;
  }

  function updateRoutes() {
    const select = $("#route-filter");
    const known = new Set([...select.options].map((option) => option.value));
    const routes = [...new Set([...records.values()].map(routeOf))].sort();
    for (const key of routes) {
      if (!known.has(key)) select.append(el("option", { value: key }, key));
    }
  }

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try { await refresh(); } finally { polling = false; }
  }

  let etag = null;
  async function refresh() {
    let answer;
    let response = null;
    try {
      response = await fetch(API, { cache: "no-store", headers: etag ? { "If-None-Match": etag } : {} });
      $("#live").classList.remove("down");
      $("#live").textContent = "live";
      if (response.status === 304) return;
      answer = await response.json();
      if (!response.ok) throw new Error(answer.message || `HTTP ${response.status}`);
      etag = response.headers.get("ETag");
    } catch (error) {
      $("#live").classList.add("down");
      $("#live").textContent = response ? "error" : "disconnected";
      $("#empty").textContent = String(error.message || error);
      return;
    }
    const fresh = [];
    const current = new Set();
    for (const record of answer.requests) {
      current.add(record.id);
      const known = records.get(record.id);
      records.set(record.id, record);
      if (!known) fresh.push(record);
      else if (record.id === selected && JSON.stringify(known) !== JSON.stringify(record)) {
        showDetail(record);
      }
    }
    // Newest first: insert the new ones, oldest of them first, each at the top.
    for (const record of fresh.reverse()) {
      const tr = row(record);
      rows.set(record.id, tr);
      tbody().prepend(tr);
    }
    for (const id of [...rows.keys()]) {
      if (!current.has(id)) {
        rows.get(id).remove();
        rows.delete(id);
        records.delete(id);
      }
    }
    firstLoad = false;
    updateRoutes();
    applyFilters();
  }

  function select(id) {
    selected = id;
    for (const [rowId, tr] of rows) tr.classList.toggle("selected", rowId === id);
    const record = records.get(id);
    if (record) showDetail(record);
  }

  // ---- the detail ----------------------------------------------------------------

  function part(title, id, ...children) {
    return el("section", { class: "part", id }, el("h2", {}, title), ...children);
  }

  function facts(pairs, wide) {
    const dl = el("dl", { class: wide ? "facts wide" : "facts" });
    for (const [name, value] of pairs) {
      if (value === null || value === undefined) continue;
      dl.append(el("dt", {}, name), el("dd", {}, value));
    }
    return dl;
  }

  // Pretty JSON as coloured text spans.
  function json(value, indent = "") {
    const frag = document.createDocumentFragment();
    const add = (text, css) => frag.append(css ? el("span", { class: css }, text) : document.createTextNode(text));
    const walk = (item, pad) => {
      if (Array.isArray(item)) {
        if (!item.length) return add("[]");
        add("[\n");
        item.forEach((child, i) => { add(pad + "  "); walk(child, pad + "  "); add(i + 1 < item.length ? ",\n" : "\n"); });
        add(pad + "]");
      } else if (item && typeof item === "object") {
        const entries = Object.entries(item);
        if (!entries.length) return add("{}");
        add("{\n");
        entries.forEach(([key, child], i) => {
          add(pad + "  ");
          add(JSON.stringify(key), "j-key");
          add(": ");
          walk(child, pad + "  ");
          add(i + 1 < entries.length ? ",\n" : "\n");
        });
        add(pad + "}");
      } else if (typeof item === "string") add(JSON.stringify(item), "j-str");
      else if (typeof item === "number") add(String(item), "j-num");
      else add(String(item), "j-lit");
    };
    walk(value, indent);
    return frag;
  }

  function headersTable(headers) {
    const table = el("table", { class: "headers" });
    for (const [name, value] of Object.entries(headers)) {
      table.append(el("tr", {}, el("td", {}, name), el("td", {}, value)));
    }
    return table;
  }

  // A body: pretty JSON when it parses, else text; base64 as is.
  function body(message) {
    if (!message.body) return el("p", { class: "note" }, "(empty body)");
    const pre = el("pre", {});
    if (!message.isBase64Encoded) {
      try { pre.append(json(JSON.parse(message.body))); return pre; } catch (_) { /* text */ }
    }
    pre.textContent = message.body;
    return pre;
  }

  function bodyNotes(message) {
    const notes = [];
    if (message.isBase64Encoded) notes.push("binary body, shown as base64");
    if (message.truncated) notes.push("cut at 64 KiB");
    return notes.length ? el("p", { class: "note" }, notes.join(" · ")) : null;
  }

  // The decoded header and claims of a masked JWT ("<JWT header {...} claims {...} signature masked>").
  function decodedJwt(text) {
    const start = text.indexOf("<JWT header ");
    const middle = text.indexOf(" claims ", start);
    const end = text.indexOf(" signature masked>", middle);
    if (start < 0 || middle < 0 || end < 0) return null;
    try {
      return {
        header: JSON.parse(text.slice(start + 12, middle)),
        claims: JSON.parse(text.slice(middle + 8, end)),
      };
    } catch (_) { return null; }
  }

  function jwtPart(record) {
    const authorization = record.request.headers.authorization;
    const jwt = authorization && decodedJwt(authorization);
    if (!jwt) return null;
    const times = ["iat", "nbf", "exp"]
      .filter((claim) => typeof jwt.claims[claim] === "number")
      .map((claim) => `${claim} ${new Date(jwt.claims[claim] * 1000).toISOString().replace(".000Z", "Z")}`);
    return el("div", { class: "jwt" },
      el("p", { class: "note" }, `Authorization JWT, signature masked${times.length ? ` · ${times.join(" · ")}` : ""}`),
      el("pre", {}, el("span", { class: "j-key" }, "header "), JSON.stringify(jwt.header), "\n",
        el("span", { class: "j-key" }, "claims "), JSON.stringify(jwt.claims)));
  }

  function logLine(line) {
    const platform = /^(START|END|REPORT|INIT_START|INIT_REPORT) /.test(line);
    return el("div", { class: platform ? `platform${line.startsWith("REPORT") ? " report" : ""}` : "" }, line);
  }

  function showDetail(record) {
    const detail = $("#detail");
    const scroll = detail.scrollTop;
    const children = [];
    children.push(el("div", { class: "detail-head" },
      el("span", { class: `line ${statusCss(record.status)}` }, String(record.status)),
      el("span", { class: "line" }, `${record.method} ${record.path}`),
      copyButton(record)));
    if (record.explanation) {
      children.push(part("Why", "detail-explanation", el("div", { class: "why" }, record.explanation)));
    }
    children.push(part("Overview", "detail-overview", facts([
      ["Request id", record.id], ["Route key", record.routeKey ?? "(no route matched)"],
      ["Time", record.time], ["API", record.apiId ?? "-"],
      ["Duration", latency(record.durationMs)], ["Stage", record.stage ?? "-"],
    ], true)));
    if (record.authorizer) {
      const a = record.authorizer;
      children.push(part("Authorizer", "detail-authorizer",
        facts([["Type", a.type], ["Decision", el("span", { class: `badge ${a.outcome}` }, a.outcome)]]),
        el("div", { class: a.outcome === "allow" ? "why allowed" : "why" }, a.explanation), jwtPart(record)));
    }
    if (record.integration) {
      const i = record.integration;
      const logs = el("pre", { class: "logs" }, ...i.logs.map(logLine));
      if (!i.logs.length) logs.textContent = "(no log lines yet)";
      children.push(part("Function", "detail-function",
        facts([["Function", i.function], ["Lambda request id", i.lambdaRequestId]], true)));
      children.push(part("Logs", "detail-logs", logs));
      const event = typeof i.event === "string"
        ? [el("p", { class: "note" }, "event larger than 64 KiB: its text, cut"), el("pre", {}, i.event)]
        : [el("pre", { class: "event" }, json(i.event))];
      children.push(part("Event", "detail-event", ...event));
    }
    const response = record.response;
    children.push(part("Response", "detail-response",
      facts([["Status", String(response.status)]]), headersTable(response.headers), bodyNotes(response), body(response)));
    children.push(part("Request", "detail-request", headersTable(record.request.headers), bodyNotes(record.request), body(record.request)));
    children.push(part("curl", "detail-curl", el("pre", { class: "curl" }, curl(record))));
    detail.replaceChildren(...children.filter(Boolean));
    detail.scrollTop = scroll;
  }

  // ---- copy as curl --------------------------------------------------------------

  const MASKED = /<JWT header .*? signature masked>|<JWT \(encrypted\) header .*? masked>|<masked>/g;
  const single = (text) => `'${text.replace(/'/g, "'\\''")}'`;
  // Double quotes, so that the $TOKEN placeholder a masked credential becomes expands.
  const double = (text) => `"${text.replace(/[\\"`]/g, "\\$&").replace(/\$(?!TOKEN\b)/g, "\\$")}"`;
  const quoted = (text) => {
    const placeholder = text.replace(MASKED, "$$TOKEN");
    return placeholder === text ? single(text) : double(placeholder);
  };
  const SKIPPED = new Set(["host", "content-length", "connection", "accept-encoding"]);

  function curl(record) {
    const parts = ["curl", "-i"];
    if (record.method !== "GET") parts.push("-X", record.method);
    parts.push(single(`${location.origin}${record.path}`));
    const host = record.request.headers.host;
    if (host && host !== location.host) parts.push("-H", single(`Host: ${host}`));
    for (const [name, value] of Object.entries(record.request.headers)) {
      if (!SKIPPED.has(name)) parts.push("-H", quoted(`${name}: ${value}`));
    }
    const request = record.request;
    if (request.body) {
      if (request.isBase64Encoded) parts.unshift(`printf %s ${single(request.body)} | base64 -d |`), parts.push("--data-binary", "@-");
      else parts.push("--data-raw", quoted(request.body));
    }
    return parts.join(" ");
  }

  function copyButton(record) {
    const button = el("button", { type: "button", id: "copy-curl", title: "Masked credentials become $TOKEN" }, "Copy as curl");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(curl(record));
        button.textContent = "Copied";
      } catch (_) {
        button.textContent = "Copy failed: select the command below";
      }
      setTimeout(() => { button.textContent = "Copy as curl"; }, 1500);
    });
    return button;
  }

  // ---- wiring --------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll(".status-filter button")) {
      button.addEventListener("click", () => {
        statusClass = button.dataset.class;
        for (const other of document.querySelectorAll(".status-filter button")) other.classList.toggle("on", other === button);
        applyFilters();
      });
    }
    $("#route-filter").addEventListener("change", (event) => { route = event.target.value; applyFilters(); });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const shown = [...tbody().rows].filter((tr) => !tr.hidden);
      const at = shown.findIndex((tr) => tr.dataset.id === selected);
      const next = shown[event.key === "ArrowDown" ? at + 1 : Math.max(at - 1, 0)];
      if (next) { event.preventDefault(); select(next.dataset.id); next.scrollIntoView({ block: "nearest" }); }
    });
    poll();
    setInterval(poll, POLL_MS);
  });
})();
