/**
 * Static assets of the console, served by the app itself (no CDN): the stylesheet, the client
 * script (keyboard shortcuts and the live diff of the agent's edits). The `diff` library's browser
 * build (jsdiff, BSD-3-Clause) comes from the entry point: read from node_modules on Node
 * (assets-node.ts), bundled into the Worker (scripts/build-worker-assets.ts).
 */

export const CONSOLE_CSS = `
:root { --fg:#1b1f24; --muted:#57606a; --bg:#fff; --line:#d0d7de; --accent:#0a58ca; --ok:#1a7f37; --bad:#b42318; --warn:#8a5a00; --soft:#f6f8fa; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.45; font-size:16px; }
a { color:var(--accent); }
:focus-visible { outline:3px solid #ffbf47; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#ffbf47; padding:.5rem; z-index:10; }
.skip:focus { left:0; }
.sr-only { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
header.top { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; padding:.5rem 1rem; border-bottom:1px solid var(--line); background:var(--soft); }
.brand { font-weight:700; }
nav { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; flex:1; }
nav ul { display:flex; flex-wrap:wrap; gap:.25rem .75rem; list-style:none; margin:0; padding:0; }
nav a[aria-current=page] { font-weight:700; text-decoration:none; }
.customer-search { display:flex; gap:.25rem; align-items:center; }
.customer-search input { min-width:16rem; }
.signout { margin-left:auto; display:flex; gap:.5rem; align-items:center; }
.who { color:var(--muted); font-size:.9rem; }
main { padding:1rem; max-width:1400px; margin:0 auto; }
h1 { font-size:1.5rem; margin:.25rem 0 1rem; } h2 { font-size:1.15rem; margin:1.25rem 0 .5rem; } h3 { font-size:1rem; margin:1rem 0 .25rem; }
label { display:block; font-weight:600; margin:.25rem 0; }
input, select, textarea, button { font:inherit; }
input[type=text], input[type=email], input[type=password], input[type=number], input[type=date], select, textarea { width:100%; padding:.4rem .5rem; border:1px solid #8c959f; border-radius:4px; background:#fff; }
textarea { min-height:14rem; resize:vertical; }
button, .button { display:inline-block; padding:.45rem .9rem; border:1px solid #8c959f; border-radius:4px; background:#fff; cursor:pointer; color:var(--fg); text-decoration:none; }
button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
button.danger { color:var(--bad); border-color:var(--bad); }
button[disabled] { opacity:.55; cursor:not-allowed; }
kbd { font-family:ui-monospace, monospace; border:1px solid var(--line); border-bottom-width:2px; border-radius:3px; padding:0 .25rem; font-size:.85em; background:var(--soft); }
.notice { padding:.6rem .8rem; border-radius:4px; border:1px solid var(--line); }
.notice.ok { border-color:var(--ok); color:var(--ok); } .notice.error { border-color:var(--bad); color:var(--bad); } .notice.info { color:var(--muted); }
.filters { display:grid; grid-template-columns:repeat(auto-fit, minmax(150px, 1fr)); gap:.5rem 1rem; align-items:end; margin-bottom:1rem; }
.table-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:4px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; font-size:.92rem; }
th { background:var(--soft); }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.badge { display:inline-block; padding:0 .4rem; border-radius:999px; border:1px solid var(--line); font-size:.8rem; }
.badge.high { color:var(--bad); border-color:var(--bad); } .badge.medium { color:var(--warn); border-color:var(--warn); } .badge.low { color:var(--ok); border-color:var(--ok); }
.ticket-layout { display:grid; grid-template-columns:1fr; gap:1rem; }
@media (min-width: 1000px) { .ticket-layout { grid-template-columns:minmax(0, 3fr) minmax(320px, 2fr); } }
.card { border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; margin-bottom:1rem; background:#fff; }
.message { white-space:pre-wrap; overflow-wrap:anywhere; background:var(--soft); padding:.75rem; border-radius:4px; margin:0; }
.diff { white-space:pre-wrap; overflow-wrap:anywhere; background:var(--soft); padding:.75rem; border-radius:4px; min-height:2rem; }
.diff ins { background:#dafbe1; text-decoration:none; } .diff del { background:#ffebe9; }
.actions { display:flex; flex-wrap:wrap; gap:.5rem; margin:.5rem 0; }
.metrics { display:grid; grid-template-columns:repeat(auto-fit, minmax(120px, 1fr)); gap:.5rem; margin:0; }
.metrics div { border:1px solid var(--line); border-radius:4px; padding:.4rem .5rem; }
.metrics dt { color:var(--muted); font-size:.8rem; } .metrics dd { margin:0; font-weight:600; }
.alerts { list-style:none; padding:0; margin:.5rem 0; } .alerts li { color:var(--bad); border-left:4px solid var(--bad); padding:.2rem .5rem; margin:.25rem 0; }
.reasons li { margin:.25rem 0; }
.chart svg { width:100%; height:auto; max-width:640px; display:block; }
.chart .bar.s0 { fill:#0a58ca; } .chart .bar.s1 { fill:#1a7f37; } .chart .grid { stroke:#d0d7de; } .chart .axis { font-size:11px; fill:#57606a; }
.chart .dot { fill:#0a58ca; } .chart .offer { fill:#b42318; } .chart .line { stroke:#8c959f; }
figure { margin:0 0 1rem; } figcaption { color:var(--muted); font-size:.85rem; }
.charts { display:grid; grid-template-columns:1fr; gap:1rem; } @media (min-width: 1000px) { .charts { grid-template-columns:1fr 1fr; } }
.totals { display:grid; grid-template-columns:repeat(auto-fit, minmax(160px, 1fr)); gap:.5rem; margin:0 0 1rem; }
.totals div { border:1px solid var(--line); border-radius:4px; padding:.5rem; } .totals dt { color:var(--muted); font-size:.85rem; } .totals dd { margin:0; font-size:1.2rem; font-weight:700; }
.secret { font-family:ui-monospace, monospace; background:#fff8c5; padding:.5rem; border-radius:4px; overflow-wrap:anywhere; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:0 0 1rem; padding:.5rem 1rem 1rem; }
legend { font-weight:700; padding:0 .25rem; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit, minmax(200px, 1fr)); gap:.5rem 1rem; }
.hint { color:var(--muted); font-size:.85rem; margin:.2rem 0; }
.login { max-width:26rem; }
.inline { display:inline; }
.provisional { border:2px dashed var(--warn); border-radius:6px; padding:.5rem .75rem; margin:.75rem 0; background:#fffbe6; }
.provisional h3 { color:var(--warn); margin-top:0; }
.provisional.checked { border-style:solid; border-color:var(--ok); background:#fff; }
.provisional.checked h3 { color:var(--ok); }
.message.unchecked { background:repeating-linear-gradient(135deg, #fffbe6, #fffbe6 12px, #fff4cc 12px, #fff4cc 24px); color:#5c4a00; }
@media (max-width: 600px) { main { padding:.5rem; } th, td { font-size:.85rem; } }
`;

/**
 * The client script: no framework. Keyboard shortcuts (documented on each page), the live diff of
 * the agent's edits against the drafter's text (DOM nodes built with textContent, never innerHTML),
 * and the edited/unedited state of the approve buttons.
 */
export const CONSOLE_JS = `
(function () {
  "use strict";
  function typing(el) { return el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT" || el.isContentEditable); }
  function click(id) { var b = document.getElementById(id); if (b && !b.disabled) { b.click(); return true; } return false; }
  function focus(id) { var f = document.getElementById(id); if (f && !f.disabled) { f.focus(); return true; } return false; }

  var editor = document.getElementById("draft-body");
  var out = document.getElementById("diff-live");
  var model = out ? out.getAttribute("data-model") : null;
  var editedFlag = document.getElementById("edited-flag");
  var approveEdited = document.getElementById("approve-edited");
  function renderDiff() {
    if (!editor || !out || model === null || !window.Diff) return;
    var parts = window.Diff.diffWords(model, editor.value);
    while (out.firstChild) out.removeChild(out.firstChild);
    var changed = false;
    parts.forEach(function (p) {
      var node = document.createElement(p.added ? "ins" : p.removed ? "del" : "span");
      if (p.added || p.removed) changed = true;
      node.textContent = p.value;
      out.appendChild(node);
    });
    if (editedFlag) editedFlag.textContent = changed ? "Edited: your changes are marked (inserted, deleted)." : "No edits yet: the text is the drafter's.";
    if (approveEdited) approveEdited.disabled = !changed;
  }
  if (editor) { editor.addEventListener("input", renderDiff); renderDiff(); }

  // Regeneration streams the model's UNCHECKED text into a pane marked as such; the checked draft
  // (or the template) replaces it once the guard has run, and the page opens that revision.
  var regenForm = document.querySelector("form[data-regen-stream]");
  var pane = document.getElementById("regen-pane");
  if (regenForm && pane && window.fetch && window.TextDecoder) {
    regenForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var out = document.getElementById("regen-provisional");
      var status = document.getElementById("regen-status");
      var heading = document.getElementById("regen-pane-h");
      var button = document.getElementById("regenerate");
      pane.hidden = false; pane.classList.remove("checked"); out.classList.add("unchecked");
      heading.textContent = "Unchecked: the model is still writing";
      out.textContent = ""; status.textContent = "Waiting for the model…";
      if (button) button.disabled = true;
      var body = new URLSearchParams(new FormData(regenForm));
      fetch(regenForm.action, { method: "POST", headers: { accept: "text/event-stream" }, body: body, credentials: "same-origin" }).then(function (res) {
        if (!res.ok || !res.body) { status.textContent = "Regeneration failed (" + res.status + ")."; if (button) button.disabled = false; return; }
        var reader = res.body.getReader(); var decoder = new TextDecoder(); var buffer = "";
        function handle(block) {
          var event = "message", data = "";
          block.split("\\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) event = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
          });
          if (!data) return;
          var payload = JSON.parse(data);
          if (event === "provisional") { out.textContent = payload.text; status.textContent = "Unchecked text: the guard has not run yet."; }
          else if (event === "draft") {
            pane.classList.add("checked"); out.classList.remove("unchecked");
            heading.textContent = payload.flagged ? "Checked: the model's text failed the guard, the template replaced it" : "Checked draft";
            out.textContent = payload.body; status.textContent = "Opening the new revision…";
            window.location.assign(payload.url);
          } else if (event === "error") { status.textContent = "Regeneration failed: " + (payload.detail || payload.title); out.textContent = ""; if (button) button.disabled = false; }
        }
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) return;
            buffer += decoder.decode(r.value, { stream: true });
            var parts = buffer.split("\\n\\n"); buffer = parts.pop();
            parts.forEach(handle);
            return pump();
          });
        }
        return pump();
      }).catch(function () { status.textContent = "Regeneration failed: the connection dropped."; if (button) button.disabled = false; });
    });
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue-link]"));
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && t === editor) { e.preventDefault(); click("approve-edited") || click("approve"); return; }
    if (e.altKey || e.ctrlKey || e.metaKey || typing(t)) return;
    var handled = false;
    switch (e.key) {
      case "a": handled = click("approve"); break;
      case "e": handled = focus("draft-body"); break;
      case "s": handled = click("approve-edited"); break;
      case "r": handled = focus("reject-reason"); break;
      case "g": handled = focus("regen-instruction"); break;
      case "/": var ff = document.querySelector("[data-first-filter]"); if (ff) { ff.focus(); handled = true; } break;
      case "j": case "k":
        if (rows.length) {
          var i = rows.indexOf(document.activeElement);
          i = e.key === "j" ? Math.min(rows.length - 1, i + 1) : Math.max(0, i - 1);
          rows[i].focus(); handled = true;
        }
        break;
    }
    if (handled) e.preventDefault();
  });
})();
`;
