// Recent drafts: newest first, filtered by status on the server and by text and flags in the page.
import { getJson } from "./api.js";
import { $, h, badge, pct, when } from "./dom.js";

let cursor = null;
let loaded = [];

function matches(d) {
  const text = $("filter-text").value.trim().toLowerCase();
  if (text && !d.ticket.message.toLowerCase().includes(text)) return false;
  if ($("filter-flagged").checked && !d.draft.flags.length) return false;
  return true;
}

function row(d) {
  const snippet = d.ticket.message.length > 90 ? d.ticket.message.slice(0, 90) + "…" : d.ticket.message;
  return h("tr", { "data-id": d.id },
    h("td", { text: when(d.created_at) }),
    h("td", {}, h("a", { href: `#review/${d.id}`, text: snippet })),
    h("td", {}, badge(d.status)),
    h("td", { text: d.draft.behaviour || "—" }),
    h("td", { text: pct(d.draft.confidence) }),
    h("td", { text: String(d.draft.flags.length) }));
}

function draw() {
  const shown = loaded.filter(matches);
  $("recent-rows").replaceChildren(...shown.map(row));
  $("recent-empty").hidden = shown.length > 0;
  $("recent-more").hidden = !cursor;
}

export async function load(more = false) {
  const status = $("filter-status").value;
  const params = new URLSearchParams({ limit: "50" });
  if (status) params.set("status", status);
  if (more && cursor) params.set("cursor", cursor);
  const page = await getJson(`/v1/drafts?${params}`);
  loaded = more ? loaded.concat(page.items) : page.items;
  cursor = page.next_cursor;
  draw();
}

export function install(onError) {
  $("recent-filters").addEventListener("submit", (e) => { e.preventDefault(); load().catch(onError); });
  $("filter-status").addEventListener("change", () => load().catch(onError));
  $("filter-flagged").addEventListener("change", draw);
  $("filter-text").addEventListener("input", draw);
  $("recent-more").addEventListener("click", () => load(true).catch(onError));
}
