// The review page: plain JS against the /v1 API with the key the agent pastes (kept for this tab only).
"use strict";
const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem("caredraft-key") || "";
let current = null; // the DraftPublic on screen

function say(text, isError = false) {
  const el = $("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}

async function api(path, options = {}) {
  const headers = Object.assign({ "Authorization": "Bearer " + apiKey }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try { const body = await response.json(); message = body.error.message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

function ticketFromForm() {
  const ticket = { message: $("message").value, channel: $("channel").value };
  const name = $("customer-name").value.trim();
  const order = $("order-id").value.trim();
  if (name || order) {
    ticket.customer = {};
    if (name) ticket.customer.name = name;
    if (order) ticket.customer.orders = [{ id: order }];
  }
  return ticket;
}

function listItems(el, items, render) {
  el.replaceChildren();
  if (!items.length) { const li = document.createElement("li"); li.textContent = "none"; el.appendChild(li); return; }
  for (const item of items) { const li = document.createElement("li"); render(li, item); el.appendChild(li); }
}

function show(d) {
  current = d;
  $("draft-section").hidden = false;
  $("draft-id").textContent = d.id;
  $("draft-status").textContent = d.status;
  const draft = d.draft;
  $("draft-text").value = d.review && d.review.final_text ? d.review.final_text : draft.text;
  const reasons = (draft.confidence_reasons || []).join("; ");
  $("meta").textContent = `${draft.behaviour || "answer"}${draft.behaviour_reason ? ` (${draft.behaviour_reason})` : ""}`
    + ` · confidence ${Math.round(draft.confidence * 100)}%${reasons ? ` (${reasons})` : ""}`
    + ` · backend ${draft.backend} · index ${draft.index_version || "?"}`
    + (d.review ? ` · reviewed: ${d.review.action}` : "");
  listItems($("flags"), draft.flags, (li, f) => { li.textContent = `${f.type}: ${f.message}`; });
  listItems($("sources"), draft.citations, (li, c) => {
    const title = document.createElement(c.url ? "a" : "strong");
    title.textContent = `[${c.marker}] ${c.title}`;
    if (c.url) { title.href = c.url; title.target = "_blank"; title.rel = "noopener"; }
    const quote = document.createElement("blockquote");
    quote.textContent = c.passage;
    li.append(title, quote);
  });
  listItems($("notes"), draft.agent_notes || [], (li, n) => { li.textContent = `${n.title}: ${n.text}`; });
  const a = draft.analysis;
  const dl = $("analysis");
  dl.replaceChildren();
  for (const [k, v] of [["emotion", a.emotion], ["sentiment", a.sentiment], ["urgency", a.urgency], ["topic", a.topic],
                        ["problem", a.problem || "—"], ["injection attempt", a.injection ? "yes" : "no"]]) {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = String(v);
    dl.append(dt, dd);
  }
  const reviewed = d.status !== "pending";
  for (const id of ["approve-btn", "edit-btn", "reject-btn"]) $(id).disabled = reviewed;
}

async function streamDraft(ticket) {
  const response = await api("/v1/drafts/stream", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ticket),
  });
  $("draft-section").hidden = false;
  $("draft-text").value = "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = (block.match(/^event: (.*)$/m) || [])[1];
      const data = JSON.parse((block.match(/^data: (.*)$/m) || [])[1] || "null");
      if (event === "delta") $("draft-text").value += data.text;
      else if (event === "draft") return data;
      else if (event === "error") throw new Error(data.error.message);
    }
  }
  throw new Error("the stream ended without a draft");
}

async function refreshRecent() {
  if (!apiKey) return;
  const page = await (await api("/v1/drafts?limit=20")).json();
  listItems($("recent"), page.items, (li, d) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = `${d.status} · ${d.ticket.message.slice(0, 60)}`;
    b.addEventListener("click", () => show(d));
    li.appendChild(b);
  });
}

async function review(action) {
  const body = { action };
  if (action === "edit") body.text = $("draft-text").value;
  if (action === "reject") {
    body.reason = $("reject-reason").value.trim();
    if (!body.reason) { say("Give a reason for rejecting.", true); $("reject-reason").focus(); return; }
  }
  const d = await (await api(`/v1/drafts/${current.id}/review`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  })).json();
  show(d);
  say(`Draft ${d.id} ${d.status}` + (d.review && action === "edit" ? ` (${d.review.edit_distance} words changed${d.review.facts_changed ? ", facts changed" : ""})` : "") + ".");
  refreshRecent();
}

function guard(fn) {
  return async (event) => {
    if (event) event.preventDefault();
    if (!apiKey) { say("Paste an API key first.", true); $("api-key").focus(); return; }
    try { await fn(); } catch (err) { say(err.message, true); }
  };
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey = $("api-key").value.trim();
  sessionStorage.setItem("caredraft-key", apiKey);
  say("Key set.");
  refreshRecent().catch((err) => say(err.message, true));
});
$("ticket-form").addEventListener("submit", guard(async () => {
  $("draft-btn").disabled = true;
  say("Drafting…");
  try {
    const d = await streamDraft(ticketFromForm());
    show(d);
    say(`Draft ${d.id} ready: review it, edit if needed, then approve or reject.`);
    $("draft-text").focus();
    refreshRecent();
  } finally { $("draft-btn").disabled = false; }
}));
$("approve-btn").addEventListener("click", guard(() => review("approve")));
$("edit-btn").addEventListener("click", guard(() => review("edit")));
$("reject-btn").addEventListener("click", guard(() => review("reject")));
$("regen-btn").addEventListener("click", guard(async () => {
  const d = await (await api(`/v1/drafts/${current.id}/regenerate`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ adjustment: $("adjustment").value }),
  })).json();
  show(d);
  say(`Regenerated as ${d.id} (${d.adjustment}).`);
  refreshRecent();
}));
$("refresh-btn").addEventListener("click", guard(refreshRecent));
if (apiKey) { $("api-key").value = apiKey; refreshRecent().catch((err) => say(err.message, true)); }
