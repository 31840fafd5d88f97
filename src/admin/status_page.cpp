#include "admin/status_page.hpp"

namespace admin {

std::string_view status_page_html()
{
    // Text from the bridge is inserted with textContent only: a vendor's
    // error message cannot become markup.
    static constexpr std::string_view page = R"PAGE(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scim-bridge status</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2430; background: #f6f7f9; }
  h1 { font-size: 1.4em; margin: 0 0 .2em; }
  .muted { color: #667; }
  #targets { display: flex; flex-wrap: wrap; gap: 1em; margin: 1em 0; }
  .target { background: #fff; border: 1px solid #d6dae0; border-radius: 6px; padding: .8em 1em; width: 360px; }
  .target h2 { font-size: 1.1em; margin: 0; display: flex; justify-content: space-between; }
  .state { font-size: .8em; padding: .1em .5em; border-radius: 1em; color: #fff; }
  .state.serving { background: #2e7d32; } .state.paused { background: #b26a00; } .state.failing { background: #c62828; }
  dl { display: grid; grid-template-columns: max-content auto; gap: .1em .8em; margin: .5em 0; }
  dt { color: #667; } dd { margin: 0; overflow-wrap: anywhere; }
  svg { width: 100%; height: 60px; background: #fafbfc; border: 1px solid #eceff3; }
  .legend span { margin-right: 1em; } .req { color: #1565c0; } .ven { color: #6a1b9a; }
  table { border-collapse: collapse; background: #fff; width: 100%; }
  th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #eceff3; }
  #login { display: none; background: #fff3cd; padding: .8em; border: 1px solid #e0c97a; }
</style>
</head>
<body>
<h1>scim-bridge status</h1>
<div class="muted"><span id="ready">…</span> · <span id="build"></span> · updated <span id="updated">never</span></div>
<form id="login"><label>Admin token <input id="token" type="password" autocomplete="off"></label>
  <button>Show</button> <span class="muted">kept in this tab only</span></form>
<div id="targets"></div>
<h2>Last vendor errors</h2>
<table><thead><tr><th>when</th><th>target</th><th>status</th><th>call</th><th>request id</th><th>error</th></tr></thead>
<tbody id="errors"><tr><td colspan="6" class="muted">none</td></tr></tbody></table>
<script>
"use strict";
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const svgNS = "http://www.w3.org/2000/svg";

async function load(path) {
  const token = sessionStorage.getItem("scim-bridge-admin-token");
  const response = await fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
  if (response.status === 401) { document.getElementById("login").style.display = "block"; throw new Error("token"); }
  return response.json();
}

// Requests per interval as bars, vendor calls as a line, over the last hour.
function chart(series) {
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", "0 0 300 60");
  svg.setAttribute("preserveAspectRatio", "none");
  const n = series.length, top = Math.max(1, ...series.map(s => Math.max(s.requests, s.vendor_calls)));
  const w = 300 / n, y = v => 58 - 56 * v / top;
  series.forEach((s, i) => {
    if (!s.requests) return;
    const bar = document.createElementNS(svgNS, "rect");
    bar.setAttribute("x", i * w); bar.setAttribute("width", Math.max(1, w - 1));
    bar.setAttribute("y", y(s.requests)); bar.setAttribute("height", 58 - y(s.requests));
    bar.setAttribute("fill", s.request_errors ? "#c62828" : "#1565c0");
    svg.appendChild(bar);
  });
  const line = document.createElementNS(svgNS, "polyline");
  line.setAttribute("points", series.map((s, i) => (i * w + w / 2) + "," + y(s.vendor_calls)).join(" "));
  line.setAttribute("fill", "none"); line.setAttribute("stroke", "#6a1b9a"); line.setAttribute("stroke-width", "1.5");
  svg.appendChild(line);
  return svg;
}

function card(target, series) {
  const state = target.paused ? "paused" : (target.last_vendor_error ? "failing" : "serving");
  const box = el("section", undefined, "target");
  box.dataset.target = target.name; box.dataset.state = state;
  const title = el("h2", target.name);
  title.appendChild(el("span", state === "paused" ? "paused" : state === "failing" ? "vendor failing" : "serving", "state " + state));
  box.appendChild(title);
  const facts = el("dl");
  const fact = (k, v) => { facts.appendChild(el("dt", k)); facts.appendChild(el("dd", v)); };
  if (target.paused) fact("paused", target.pause_reason || "(no reason given)");
  fact("mapping", target.mapping ? target.mapping + " (" + target.mapping_hash.slice(0, 15) + "…)" : "local target");
  if (target.open_jobs !== null) fact("jobs", target.open_jobs + " open, " + target.failed_jobs + " failed");
  if (target.pending_intents !== null) fact("intents", target.pending_intents + " pending");
  fact("tokens", target.tokens.join(", "));
  if (target.last_vendor_error) {
    const e = target.last_vendor_error;
    fact("last vendor error", e.when + " " + e.status + " " + e.method + " " + e.path + " (request " + e.request_id + ")");
  }
  box.appendChild(facts);
  const totals = series.reduce((a, s) => ({ r: a.r + s.requests, v: a.v + s.vendor_calls }), { r: 0, v: 0 });
  const legend = el("div", undefined, "legend");
  legend.appendChild(el("span", "■ requests: " + totals.r, "req"));
  legend.appendChild(el("span", "— vendor calls: " + totals.v, "ven"));
  legend.appendChild(el("span", "last hour", "muted"));
  box.appendChild(legend);
  box.appendChild(chart(series));
  return box;
}

async function refresh() {
  try {
    const [targets, activity] = await Promise.all([load("targets"), load("activity")]);
    document.getElementById("login").style.display = "none";
    document.getElementById("ready").textContent = activity.ready ? "ready" : "draining";
    document.getElementById("build").textContent = "scim-bridge " + activity.version + " (" + activity.commit + ")";
    const list = document.getElementById("targets");
    list.replaceChildren(...targets.targets.map(t => card(t, activity.targets[t.name] || [])));
    const rows = activity.vendor_errors.map(e => {
      const row = el("tr");
      [e.when, e.target, String(e.status), e.method + " " + e.path, e.request_id, e.error || ""].forEach(v => row.appendChild(el("td", v)));
      return row;
    });
    const body = document.getElementById("errors");
    if (rows.length) body.replaceChildren(...rows);
    document.getElementById("updated").textContent = new Date().toISOString();
    document.body.dataset.loaded = "true";
  } catch (e) { /* shown by the login form or retried */ }
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem("scim-bridge-admin-token", document.getElementById("token").value);
  refresh();
});
refresh();
setInterval(refresh, 10000);
</script>
</body>
</html>
)PAGE";
    return page;
}

} // namespace admin
