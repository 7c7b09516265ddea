// The inspector is one static document: its CSS and JS are inline, so the
// page works offline and behind any proxy, and the Content-Security-Policy
// allows exactly these two blocks by their SHA-256 hashes (computed below, so
// editing them cannot leave a stale hash). String.raw keeps the backslashes
// of the script's regular expressions; the script uses no template literals.

const STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f6f8fa;--card:#fff;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da;--alt:#8250df;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.5rem;padding:.75rem 1.5rem;background:var(--card);border-bottom:1px solid var(--line)}
h1{font-size:1.15rem;margin:0 auto 0 0}
h2{font-size:1.05rem;margin:0 0 .75rem}
h3{font-size:.95rem;margin:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
h4{font-size:.95rem;margin:0;overflow-wrap:anywhere}
header p{margin:0;color:var(--muted)}
main{padding:1rem 1.5rem 2rem}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1rem}
.stats div{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.4rem .9rem;min-width:7rem}
.stats dt{color:var(--muted);font-size:.8rem}
.stats dd{margin:0;font-size:1.3rem;font-weight:600}
.columns{display:grid;gap:1.5rem}
@media (min-width:1200px){.columns{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.account{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem}
.group{border-top:1px solid var(--line);padding:.75rem 0 .25rem}
.meta,.empty,.note{color:var(--muted);font-size:.85rem;margin:.2rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0 .75rem;font-size:.85rem}
caption{text-align:left;font-weight:600;font-size:.8rem;color:var(--muted);padding-bottom:.2rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
thead th{background:var(--bg);font-weight:600}
.log{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.25rem .75rem}
.log tbody tr:hover{background:var(--bg)}
.op{font-weight:600}.path{display:block;color:var(--muted)}
th code,.nowrap{white-space:nowrap}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
pre{white-space:pre-wrap;margin:.25rem 0;max-height:16rem;overflow:auto;background:var(--bg);padding:.4rem}
ul{margin:0;padding:0;list-style:none}
.badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.75rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}.info{color:var(--info)}.alt{color:var(--alt)}.muted{color:var(--muted)}
.violation{color:var(--bad);font-size:.8rem;margin-top:.2rem}
tr.flagged{background:#fff1f0}
#live::before{content:"";display:inline-block;width:.55rem;height:.55rem;border-radius:50%;margin-right:.4rem;background:currentColor}
`;

const SCRIPT = String.raw`
"use strict";
// Names, emails, paths and bodies are whatever a test (or a web page) sent:
// they only ever reach the document through text nodes and setAttribute,
// never as HTML.
const POLL_MS = 1500, MAX_REQUESTS = 200, MAX_GROUPS = 100, MAX_MEMBERS = 100;
// Relative to wherever the page is served, so a proxy's path prefix still works.
const base = location.pathname.replace(/\/*$/, "/");
const $ = (id) => document.getElementById(id);

function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children.flat(2)) {
    if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
const code = (text) => h("code", null, text);
const badge = (text, tone) => h("span", { class: "badge " + (tone || "muted") }, text);
const when = (iso, short) =>
  typeof iso === "string"
    ? h("time", { datetime: iso, title: iso }, short ? iso.slice(11, 23) : iso.slice(0, 19).replace("T", " ") + " UTC")
    : "—";
const table = (caption, headings, rows, empty) =>
  rows.length === 0
    ? h("p", { class: "empty" }, empty)
    : h("table", null, h("caption", null, caption),
        h("thead", null, h("tr", null, headings.map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", null, rows));
const more = (shown, total, what) => total > shown ? h("p", { class: "note" }, "Showing " + shown + " of " + total + " " + what + ".") : null;
// Long text is cut, so 200 large bodies cannot make the page heavy.
const clip = (text, max) => (text.length > max ? text.slice(0, max) + "…" : text);
const count = (n, what) => n + " " + what + (n === 1 ? "" : "s");

function renderPolicy(policy) {
  const list = (items, show) => h("ul", null, (items || []).map((item) => h("li", null, show(item))));
  return h("tr", null,
    h("td", null, badge(policy.access, policy.access === "deny" ? "bad" : "ok")),
    h("td", null, list(policy.permission_groups, (group) => [group.name ? group.name + " " : "", code(group.id)])),
    h("td", null, list(policy.resource_groups, (group) => [group.name ? group.name + " " : "", code(group.id)])));
}

function renderGroup(group, joined, directory, key) {
  const members = Object.entries(joined || {})
    .map(([id, at]) => ({ id, at, person: directory.get(id) || {} }))
    .sort((a, b) => String(a.person.email || "~" + a.id).localeCompare(String(b.person.email || "~" + b.id)));
  return h("article", { class: "group", "aria-labelledby": key },
    h("h4", { id: key }, group.name),
    h("p", { class: "meta" }, code(group.id), " · created ", when(group.created_on), " · modified ", when(group.modified_on)),
    table("Policies", ["Access", "Permission groups", "Resource groups"], (group.policies || []).map(renderPolicy), "No policies."),
    table("Members", ["Member", "Email", "Status", "Joined"], members.slice(0, MAX_MEMBERS).map((member) =>
      h("tr", null,
        h("th", { scope: "row" }, code(member.id)),
        h("td", null, member.person.email || "—"),
        h("td", null, member.person.status ? badge(member.person.status, member.person.status === "accepted" ? "ok" : "warn") : "—"),
        h("td", null, when(member.at)))), "No members."),
    more(MAX_MEMBERS, members.length, "members"));
}

function renderAccounts(snapshot) {
  const accounts = snapshot.accounts || {};
  // The seeded account first (it reads as empty if nothing was ever written to it), then the others in order.
  const ids = [snapshot.accountId].concat(Object.keys(accounts).filter((id) => id !== snapshot.accountId));
  let groups = 0, memberships = 0;
  const sections = ids.map((id, index) => {
    const account = accounts[id] || {};
    const directory = new Map((account.directory || []).map((member) => [member.id, member]));
    // By name, then id, as the API lists them.
    const list = (account.groups || []).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    groups += list.length;
    for (const group of list) memberships += Object.keys((account.memberships || {})[group.id] || {}).length;
    const key = "account-" + index;
    return h("section", { class: "account", "aria-labelledby": key },
      h("h3", { id: key }, "Account ", code(id), index === 0 ? badge("seeded", "info") : null),
      h("p", { class: "meta" }, count(list.length, "group") + " · " + count(directory.size, "member") + " in the directory"),
      list.slice(0, MAX_GROUPS).map((group, n) => renderGroup(group, (account.memberships || {})[group.id], directory, key + "-group-" + n)),
      more(MAX_GROUPS, list.length, "groups"));
  });
  $("accounts").replaceChildren(...sections);
  return { Accounts: ids.length, Groups: groups, Memberships: memberships };
}

const SOURCES = new Map([["fake", "ok"], ["fault", "warn"], ["override", "alt"], ["server", "bad"]]);
const statusTone = (status) => typeof status !== "number" ? "bad" : status < 300 ? "ok" : status < 500 ? "warn" : "bad";

function renderRequests(log) {
  const requests = log.requests || [];
  // Details the reader opened stay open when new requests arrive.
  const open = new Set([...document.querySelectorAll("#log details[open]")].map((node) => node.dataset.key));
  const rows = requests.slice(-MAX_REQUESTS).reverse().map((request, index) => {
    const key = requests.length - 1 - index + "@" + request.at;
    const query = new URLSearchParams(request.query || {}).toString();
    return h("tr", { class: request.violation ? "flagged" : null },
      h("td", null, when(request.at, true)),
      h("td", null, code(request.method)),
      h("td", null,
        h("div", { class: "op" }, request.operationId || h("span", { class: "muted" }, "—")),
        // Break long paths after a slash rather than inside an id.
        h("code", { class: "path" }, (request.path + (query ? "?" + query : "")).split(/(?<=\/)/).map((part, n) => (n ? [h("wbr"), part] : part))),
        request.violation ? h("div", { class: "violation", title: request.violation }, "⚠ Spec violation: " + clip(String(request.violation), 300)) : null,
        request.body === undefined ? null : h("details", { "data-key": key, open: open.has(key) ? "" : null },
          h("summary", null, "Body" + (request.bodyTruncated ? " (truncated)" : "")),
          h("pre", null, clip(typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2), 4000)))),
      h("td", null, badge(request.status, statusTone(request.status))),
      h("td", null, badge(request.source, SOURCES.get(request.source))));
  });
  $("log").replaceChildren(table("Requests, newest first", ["Time", "Method", "Operation and path", "Status", "Source"], rows, "No requests yet."));
  $("log-note").textContent = requests.length > MAX_REQUESTS ? "Showing the newest " + MAX_REQUESTS + " of " + requests.length + " requests." : "";
  return { Requests: requests.length };
}

function renderClock(clock) {
  $("clock").replaceChildren(when(clock.now));
  const offset = clock.offsetMs / 1000, size = Math.abs(offset);
  const [value, unit] = size >= 86400 ? [size / 86400, "d"] : size >= 3600 ? [size / 3600, "h"] : size >= 60 ? [size / 60, "min"] : [size, "s"];
  $("clock-note").textContent = (clock.frozen ? " (frozen)" : "") + (offset ? " (offset " + (offset < 0 ? "−" : "+") + Number(value.toFixed(1)) + " " + unit + ")" : "");
}

let totals = {};
function renderStats() {
  $("stats").replaceChildren(...Object.entries(totals).map(([name, value]) => h("div", null, h("dt", null, name), h("dd", null, value))));
}

function setStatus(text, tone) {
  const live = $("live");
  if (live.textContent !== text) live.textContent = text;
  live.className = tone;
}

// The raw text of each endpoint's last answer: unchanged data is not redrawn,
// so selections, scroll positions and open details survive a quiet poll.
const last = {};
const renderers = { state: renderAccounts, requests: renderRequests, clock: renderClock };
let timer = 0, busy = false;

async function refresh() {
  const answers = await Promise.all(Object.keys(renderers).map(async (name) => {
    const response = await fetch(base + name, { cache: "no-store", headers: { accept: "application/json" } });
    if (!response.ok) throw new Error("GET " + base + name + " answered " + response.status);
    return [name, await response.text()];
  }));
  for (const [name, text] of answers) {
    if (text === last[name]) continue;
    Object.assign(totals, renderers[name](JSON.parse(text)));
    last[name] = text;
  }
  renderStats();
}

// Runs on load, on the timer, and whenever the tab is shown or hidden. A
// hidden tab does not poll: a forgotten inspector costs the server nothing.
async function poll() {
  if (busy) return;
  clearTimeout(timer);
  if (!document.hidden) {
    busy = true;
    try {
      await refresh();
      setStatus("Live, every " + POLL_MS / 1000 + " s", "ok");
    } catch (error) {
      setStatus("Cannot reach the mock server (" + error.message + "); retrying", "bad");
    }
    busy = false;
  }
  // Checked again: the tab may have been hidden while the poll was in flight.
  if (document.hidden) setStatus("Paused while the tab is hidden", "muted");
  else timer = setTimeout(poll, POLL_MS);
}
document.addEventListener("visibilitychange", poll);
poll();
`;

/** A CSP source for an inline block: its SHA-256, with Web Crypto, so this runs wherever fetch does. */
async function hash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

let csp: Promise<string> | undefined;

/**
 * The inspector's Content-Security-Policy: only its own inline style and
 * script (by hash), fetches to its own origin, no frames, forms or plugins.
 * Even markup that slipped into the page could run nothing and load nothing.
 * The hashes are taken from the blocks themselves, so an edit cannot leave a
 * stale one.
 */
export function inspectorCsp(): Promise<string> {
  csp ??= Promise.all([hash(SCRIPT), hash(STYLE)]).then(([script, style]) =>
    [
      "default-src 'none'",
      `script-src ${script}`,
      `style-src ${style}`,
      "connect-src 'self'",
      // The empty data: favicon keeps the browser from asking the server for /favicon.ico (a logged 400).
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  return csp;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cf-user-groups-mock inspector</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>cf-user-groups-mock inspector</h1>
<p>Fake clock: <span id="clock">—</span><span id="clock-note"></span></p>
<p id="live" role="status">Loading…</p>
</header>
<main>
<dl id="stats" class="stats" aria-label="Totals"></dl>
<div class="columns">
<section aria-labelledby="accounts-title"><h2 id="accounts-title">Accounts</h2><div id="accounts"><p class="empty">Loading…</p></div></section>
<section aria-labelledby="log-title"><h2 id="log-title">Request log</h2><p id="log-note" class="note"></p><div id="log" class="log"><p class="empty">Loading…</p></div></section>
</div>
<noscript><p>The inspector needs JavaScript to read the control plane.</p></noscript>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

/**
 * The inspector page served at `GET /__admin/`: one self-contained HTML
 * document (no external assets) that shows every account, its groups with
 * their policies and members, and the live request log, polling the control
 * plane while its tab is visible.
 */
export function inspectorPage(): string {
  return PAGE;
}

/** The inspector page as a response, with its Content-Security-Policy. */
export async function inspectorResponse(): Promise<Response> {
  return new Response(inspectorPage(), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": await inspectorCsp(),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
