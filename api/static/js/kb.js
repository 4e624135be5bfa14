// The knowledge base: index status and warnings, documents, upload, reindex with live progress, versions and
// rollback, and the knowledge gaps behind agents' edits and rejections.
import { getJson } from "./api.js";
import { $, h, badge, fail, guarded, rows, say, when } from "./dom.js";

const POLL_MS = 300;
let polling = null;

// Warnings the API may report (quarantine, hidden content, changed numbers): shown when present, in their own words.
function describe(item) {
  if (typeof item === "string") return item;
  if (!item || typeof item !== "object") return String(item);
  const where = [item.title || item.doc_id, item.section].filter(Boolean).join(" › ");
  const what = item.reason || item.message || item.kind || "";
  const quote = item.text ? `“${item.text.length > 120 ? item.text.slice(0, 120) + "…" : item.text}”` : "";
  return [where, [what, quote].filter(Boolean).join(" — ")].filter(Boolean).join(": ") || JSON.stringify(item);
}

function counts(removed) {
  return Object.entries(removed || {}).filter(([, n]) => n > 0).map(([kind, n]) => `${kind.replace(/_/g, " ")} ${n}`).join(", ");
}

export function docWarnings(doc) {
  const out = [];
  const q = doc.quarantined;
  if (typeof q === "number" && q > 0) out.push(`${q} passage(s) quarantined`);
  else if (Array.isArray(q)) out.push(...q.map((x) => "Quarantined: " + describe(x)));
  const hidden = counts(doc.hidden_removed);
  if (hidden) out.push(`Hidden content removed at load: ${hidden}`);
  for (const w of doc.warnings || []) out.push(describe(w));
  return out;
}

export function statusWarnings(st) {
  const out = [];
  const skipped = (st.last_sync && st.last_sync.result && st.last_sync.result.skipped) || [];
  for (const s of skipped) out.push(`Skipped file ${s.path || ""}: ${s.reason || describe(s)}`);
  for (const d of st.security || []) {
    const parts = [];
    if (d.quarantined && d.quarantined.length) parts.push(`${d.quarantined.length} passage(s) quarantined, never quoted to a customer`);
    const hidden = counts(d.removed);
    if (hidden) parts.push(`hidden content removed (${hidden})`);
    if (parts.length) out.push(`${d.title || d.doc_id}: ${parts.join("; ")}.`);
  }
  for (const c of st.policy_changes || []) {
    const list = (x) => (Array.isArray(x) ? x.join(", ") : String(x));
    out.push(`${c.title || c.doc_id}: numbers changed since the previous version` +
             (c.removed && c.removed.length ? ` — removed ${list(c.removed)}` : "") +
             (c.added && c.added.length ? `; added ${list(c.added)}` : "") + ".");
  }
  for (const w of st.warnings || []) out.push(describe(w));
  if (st.last_sync && st.last_sync.status === "failed") out.push(`The last reindex failed: ${st.last_sync.error || "no reason recorded"}`);
  return out;
}

function renderStatus(st) {
  const items = [["Live version", st.live], ["Documents", st.documents], ["Chunks", st.chunks],
                 ["Embedder", st.embedder && (st.embedder.model_id || st.embedder.name) || "—"],
                 ["Last reindex", st.last_sync ? `${when(st.last_sync.finished_at || st.last_sync.created_at)} (${st.last_sync.status})` : "never"]];
  $("kb-status").replaceChildren(...items.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: String(v) })]));
  const warnings = statusWarnings(st);
  $("kb-warnings").replaceChildren(...warnings.map((w) => h("li", { text: w })));
  rows($("kb-versions"), st.versions, (v) => h("tr", {},
    h("td", { class: "mono", text: v.version }), h("td", { text: v.created ? when(v.created) : "—" }),
    h("td", { text: v.documents ?? "—" }), h("td", { text: v.chunks ?? "—" }),
    h("td", {}, v.live ? badge("live", "approved") : v.corrupt ? badge("damaged", "rejected") : "")), "No versions.", 5);
  $("kb-rollback").disabled = !st.versions.some((v) => !v.live && !v.corrupt);  // the server picks the previous one
  return st;
}

function renderDocs(docs) {
  rows($("kb-docs"), docs, (d) => {
    const warnings = docWarnings(d);
    const del = h("button", { type: "button", class: "quiet danger-text", "aria-label": `Delete ${d.title}`, text: "Delete" });
    del.addEventListener("click", () => {
      if (del.dataset.armed !== "1") {
        del.dataset.armed = "1";
        del.textContent = "Confirm delete";
        del.setAttribute("aria-label", `Confirm: delete ${d.title}`);
        return;
      }
      guarded(del, async () => {
        const r = await getJson(`/v1/kb/documents/${encodeURIComponent(d.doc_id)}`, { method: "DELETE" });
        say(`Deleted ${d.title}; version ${r.version} is live.`);
        await load();
      });
    });
    return h("tr", {},
      h("td", {}, d.url ? h("a", { href: d.url, target: "_blank", rel: "noopener", text: d.title }) : d.title,
        h("div", { class: "hint mono", text: d.doc_id })),
      h("td", {}, badge(d.audience, d.audience === "internal" ? "edited" : "pending")),
      h("td", { text: d.effective_date || "—" }),
      h("td", { text: String(d.chunks) }),
      h("td", {}, warnings.length ? h("ul", { class: "warnings" }, ...warnings.map((w) => h("li", { text: w }))) : "—"),
      h("td", {}, del));
  }, "No documents in the live version.", 6);
}

function renderGaps(gaps) {
  rows($("kb-gaps"), gaps, (g) => h("tr", {},
    h("td", {}, g.title || g.doc_id, h("div", { class: "hint mono", text: g.doc_id })),
    h("td", { text: String(g.edited) + (g.facts_changed ? ` (${g.facts_changed} changed facts)` : "") }),
    h("td", { text: String(g.rejected) }),
    h("td", { text: g.reasons.length ? g.reasons.join(" · ") : "—" })), "No edited or rejected drafts yet.", 4);
}

function progressOf(job) {
  const p = job.progress || {};
  if (job.status === "succeeded") return [1, "Done: " + (job.result ? `version ${job.result.version}, ${job.result.embedded} chunk(s) embedded, ${job.result.reused} reused.` : "published.")];
  if (job.status === "failed") return [0, "Failed: " + (job.error || "no reason recorded")];
  if (p.stage === "chunks" && p.chunks_total) return [0.3 + 0.7 * p.chunks_done / p.chunks_total, `Embedding chunks ${p.chunks_done} / ${p.chunks_total}`];
  if (p.stage === "documents" && p.documents_total) return [0.3 * p.documents_done / p.documents_total, `Reading documents ${p.documents_done} / ${p.documents_total}`];
  if (p.stage === "published") return [1, "Publishing the new version"];
  return [0, "Starting"];
}

export async function follow(jobId) {
  clearTimeout(polling);
  $("kb-progress-box").hidden = false;
  $("kb-reindex").disabled = true;
  const tick = async () => {
    let job;
    try { job = await getJson(`/v1/kb/jobs/${encodeURIComponent(jobId)}`); } catch (err) { fail(err); $("kb-reindex").disabled = false; return; }
    const [value, text] = progressOf(job);
    $("kb-progress").value = value;
    $("kb-progress-text").textContent = text;
    $("kb-progress-box").dataset.status = job.status;
    if (job.status === "succeeded" || job.status === "failed") {
      $("kb-reindex").disabled = false;
      if (job.status === "succeeded") say("Reindex done: " + text.replace(/^Done: /, ""));
      else fail(new Error("The reindex failed: " + (job.error || "no reason recorded")));
      await load(false).catch(fail);
      return;
    }
    polling = setTimeout(tick, POLL_MS);
  };
  await tick();
}

async function reindex() {
  try {
    const job = await getJson("/v1/kb/reindex", { method: "POST" });
    say("Reindex started.");
    follow(job.id);
  } catch (err) {
    if (err.status === 409) { const st = await getJson("/v1/kb/status"); if (st.reindex_running) { follow(st.reindex_running); return; } }
    throw err;
  }
}

async function upload(event) {
  event.preventDefault();
  const files = $("kb-files").files;
  if (!files.length) { fail(new Error("Choose at least one file to upload.")); return; }
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  const reindexAfter = $("kb-upload-reindex").checked;
  const result = await getJson(`/v1/kb/documents${reindexAfter ? "?reindex=true" : ""}`, { method: "POST", form });
  say(`Uploaded ${result.files.map((f) => f.filename).join(", ")}.` + (result.job ? " Reindexing…" : " It is indexed at the next reindex."));
  $("kb-upload-form").reset();
  $("kb-upload-reindex").checked = true;
  if (result.job) follow(result.job.id);
}

async function rollback() {
  const r = await getJson("/v1/kb/rollback", { method: "POST" });
  say(`Rolled back: version ${r.live} is live again.`);
  await load();
}

export async function load(watch = true) {
  const [st, docs, gaps] = await Promise.all([getJson("/v1/kb/status"), getJson("/v1/kb/documents"), getJson("/v1/kb/gaps")]);
  renderStatus(st);
  renderDocs(docs);
  renderGaps(gaps);
  if (watch && st.reindex_running) follow(st.reindex_running);
}

export function install(onError) {
  $("kb-reindex").addEventListener("click", (e) => guarded(e.currentTarget, reindex));
  $("kb-upload-form").addEventListener("submit", (e) => upload(e).catch(onError));
  $("kb-rollback").addEventListener("click", (e) => guarded(e.currentTarget, rollback));
}

