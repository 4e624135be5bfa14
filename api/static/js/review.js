// The review desk: the draft with clickable [n] markers and highlighted flags, the source beside it, confidence,
// behaviour, analysis, tone and notes; edit in place, approve, reject, regenerate with a diff, next draft.
import { getJson } from "./api.js";
import { $, h, badge, fail, guarded, num, pct, say, when } from "./dom.js";
import { renderDiff } from "./diff.js";

const FLAG_LABELS = {
  unsupported_claim: "Fact not in the sources",
  unsupported_sentence: "Not backed by a source",
  unsupported_promise: "Promise no source backs",
  bad_citation: "Marker points to no source",
  internal_content: "Internal text in the reply",
  sensitive_data: "Sensitive data masked",
  needs_agent_input: "Needs your input",
  prompt_injection: "Message tries to instruct the assistant",
  low_confidence: "Low confidence",
  generator_fallback: "Model failed; fallback used",
  banned_phrase: "Phrase the brand voice forbids",
};
const ADJUST_LABELS = { warmer: "warmer", more_concise: "more concise", more_formal: "more formal", simpler: "simpler" };
const MARKER = /\[(\d+)\]/g;

const state = { draft: null, previous: null, edited: null, checkFlags: null };

export const current = () => state.draft;
const flagLabel = (type) => FLAG_LABELS[type] || String(type).replace(/_/g, " ");

// ---------------------------------------------------------------------------------------------- rendering
function flaggedRanges(text, flags) {
  // a flag names its sentence; find it in the text (several flags on one sentence share one highlight)
  const ranges = [];
  for (const flag of flags) {
    if (!flag.sentence) continue;
    const needle = flag.sentence.trim();
    const at = needle ? text.indexOf(needle) : -1;
    if (at < 0) continue;
    const hit = ranges.find((r) => r.start === at && r.end === at + needle.length);
    if (hit) hit.flags.push(flag);
    else ranges.push({ start: at, end: at + needle.length, flags: [flag] });
  }
  ranges.sort((a, b) => a.start - b.start);
  const kept = [];
  for (const r of ranges) {  // overlapping sentences: keep the first, fold the other's reasons into it
    const last = kept[kept.length - 1];
    if (last && r.start < last.end) last.flags.push(...r.flags); else kept.push(r);
  }
  return kept;
}

function withMarkers(text, citations) {
  const byMarker = new Map(citations.map((c) => [c.marker, c]));
  const out = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const c = byMarker.get(Number(m[1]));
    if (!c) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h("button", { type: "button", class: "cite", "data-marker": c.marker, "aria-controls": "source-panel",
                           "aria-label": `Source ${c.marker}: ${c.title}`, onclick: () => showSource(c, true) }, `[${c.marker}]`));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

let tipCount = 0;
function renderText(container, text, citations, flags) {
  container.replaceChildren();
  let pos = 0;
  for (const r of flaggedRanges(text, flags)) {
    if (r.start > pos) container.append(...withMarkers(text.slice(pos, r.start), citations));
    const id = `flag-tip-${++tipCount}`;
    const reasons = r.flags.map((f) => `${flagLabel(f.type)}: ${f.message}`).join(" ");
    const mark = h("mark", { class: "flag", tabindex: "0", "aria-describedby": id, "data-flag": r.flags.map((f) => f.type).join(" ") },
                   ...withMarkers(text.slice(r.start, r.end), citations));
    container.append(h("span", { class: "flag-wrap" }, mark, h("span", { class: "tip", role: "tooltip", id, text: reasons })));
    pos = r.end;
  }
  if (pos < text.length) container.append(...withMarkers(text.slice(pos), citations));
}

export function showSource(c, focus = false) {
  $("source-empty").hidden = true;
  $("source-body").hidden = false;
  $("source-marker").textContent = `[${c.marker}]`;
  $("source-title").textContent = c.title;
  $("source-doc").textContent = c.doc_id;
  $("source-section").textContent = c.section || "—";
  $("source-date").textContent = c.effective_date || "not stated";
  const link = $("source-link");
  link.replaceChildren(c.url ? h("a", { href: c.url, target: "_blank", rel: "noopener", text: c.url }) : "none");
  $("source-passage").textContent = c.passage;
  for (const b of document.querySelectorAll("#draft-view .cite")) {
    b.setAttribute("aria-pressed", String(Number(b.dataset.marker) === c.marker));
  }
  if (focus) $("source-panel").focus();
}

function renderChips(d) {
  const draft = d.draft;
  const chips = [badge(d.status)];
  if (draft.behaviour) {
    chips.push(h("span", { class: "chip", title: draft.behaviour_reason || undefined }, "Behaviour: ", h("strong", { text: draft.behaviour })));
  }
  chips.push(h("span", { class: "chip" }, "Emotion: ", h("strong", { text: draft.analysis.emotion })));
  chips.push(h("span", { class: "chip" + (draft.analysis.urgency === "high" ? " chip-warn" : "") }, "Urgency: ",
               h("strong", { text: draft.analysis.urgency })));
  if (d.adjustment) chips.push(h("span", { class: "chip" }, "Regenerated: ", h("strong", { text: ADJUST_LABELS[d.adjustment] || d.adjustment })));
  chips.push(h("span", { class: "chip hint", text: `${draft.backend} · ${when(d.created_at)}` }));
  $("review-chips").replaceChildren(...chips);
}

function renderTicket(d) {
  $("review-message").textContent = d.ticket.message;
  const c = d.ticket.customer;
  const bits = [];
  if (c && (c.preferred_name || c.name)) bits.push(c.preferred_name || c.name);
  if (c && c.tier) bits.push(`${c.tier} tier`);
  if (c && c.orders && c.orders.length) bits.push("order " + c.orders.map((o) => o.id).join(", "));
  bits.push(`channel ${d.ticket.channel}`);
  $("review-customer").textContent = bits.join(" · ");
}

function reasonText(r) {
  if (typeof r === "string") return r;
  if (r && typeof r === "object") return r.reason || r.message || r.text || JSON.stringify(r);
  return String(r);
}

function renderConfidence(draft) {
  $("confidence-meter").value = draft.confidence;
  $("confidence-value").textContent = pct(draft.confidence);
  const why = $("behaviour-reason");
  why.hidden = !draft.behaviour;
  why.textContent = draft.behaviour ? `Behaviour: ${draft.behaviour}` + (draft.behaviour_reason ? ` — ${draft.behaviour_reason}` : "") : "";
  const reasons = draft.confidence_reasons || draft.confidence_explanation || [];
  const list = Array.isArray(reasons) ? reasons : [reasons];
  $("confidence-reasons").replaceChildren(...(list.length ? list.map((r) => h("li", { text: reasonText(r) }))
    : [h("li", { class: "hint", text: "This draft does not record the reasons behind its confidence." })]));
}

function renderAnalysis(a) {
  const items = [["Emotion", a.emotion], ["Urgency", a.urgency], ["Sentiment", num(a.sentiment)], ["Topic", a.topic]];
  if (a.problem) items.push(["Problem", a.problem]);
  if (Array.isArray(a.asks) && a.asks.length) items.push(["Asks", a.asks.join(" · ")]);
  if (Array.isArray(a.facts) && a.facts.length) items.push(["States", a.facts.join(" · ")]);
  if (a.language) items.push(["Language", a.language === "und" ? "not sure" : a.language]);
  if (a.injection) items.push(["Warning", "the message tries to instruct the assistant"]);
  const scores = Object.entries(a.emotion_scores || {}).filter(([, v]) => v >= 0.05).sort((x, y) => y[1] - x[1]).slice(0, 3);
  if (scores.length) items.push(["Emotion scores", scores.map(([k, v]) => `${k} ${num(v)}`).join(", ")]);
  $("analysis").replaceChildren(...items.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: String(v) })]));
}

function renderTone(tone) {
  const rows = [["Empathy", tone.empathy], ["Politeness", tone.politeness], ["Readability", tone.readability],
                ["Personal touch", tone.personalization], ["Length for the channel", tone.length_fit]];
  $("tone").replaceChildren(
    ...rows.map(([label, v], i) => h("div", { class: "score" },
      h("span", { id: `tone-l-${i}`, text: label }),
      h("meter", { min: "0", max: "1", value: String(v), "aria-labelledby": `tone-l-${i}` }),
      h("span", { class: "num", text: num(v) }))),
    h("p", { class: "hint", text: `Sentiment ${num(tone.sentiment)} · reading grade ${num(tone.readability_grade, 1)}` +
                                  (tone.apology ? " · apologises" : "") }));
}

function renderFlags(flags) {
  $("flags").replaceChildren(...(flags.length ? flags.map((f) => h("li", {},
    h("strong", { text: flagLabel(f.type) + ": " }), f.message, f.sentence ? h("span", { class: "hint", text: ` — “${f.sentence}”` }) : ""))
    : [h("li", { class: "hint", text: "No flags." })]));
}

function renderNotes(notes) {
  $("notes").replaceChildren(...(notes.length ? notes.map((n) => h("li", {}, h("strong", { text: n.title + ": " }), n.text))
    : [h("li", { class: "hint", text: "None for this message." })]));
}

function syncButtons() {
  const d = state.draft;
  const pending = !!d && d.status === "pending";
  for (const id of ["approve-btn", "reject-btn", "edit-btn", "reject-reason"]) $(id).disabled = !pending;
  for (const b of document.querySelectorAll(".regen button")) b.disabled = !d;
  const changed = pending && state.edited !== null && state.edited !== d.draft.text;
  $("approve-btn").textContent = changed ? "Approve with my edits" : "Approve";
}

function shownText(d) {
  if (state.edited !== null) return state.edited;
  return d.review && d.review.final_text ? d.review.final_text : d.draft.text;
}

function renderBody() {
  const d = state.draft;
  const text = shownText(d);
  const flags = state.checkFlags || (text === d.draft.text ? d.draft.flags : []);
  renderText($("draft-view"), text, d.draft.citations, flags);
  renderFlags(flags);
  const note = $("edit-note");
  if (d.review) {
    note.hidden = false;
    note.textContent = d.review.action === "reject" ? `Rejected: ${d.review.reason}`
      : d.review.action === "edit" ? `Sent with the agent's edits (${d.review.edit_distance} words changed${d.review.facts_changed ? ", facts changed" : ""}).`
      : "Approved as drafted.";
  } else if (state.edited !== null) {
    note.hidden = false;
    note.textContent = state.checkFlags ? `Your edit, checked against the cited sources: ${state.checkFlags.length} flag(s). Approving sends your edited text.`
      : "Your edit is not checked yet.";
  } else note.hidden = true;
  syncButtons();
}

export function render(d, previous = null) {
  state.draft = d;
  state.previous = previous;
  state.edited = null;
  state.checkFlags = null;
  $("review-empty").hidden = true;
  $("review-body").hidden = false;
  $("review-id").textContent = d.id;
  $("draft-edit").hidden = true;
  $("draft-view").hidden = false;
  $("reject-reason").value = "";
  renderChips(d);
  renderTicket(d);
  renderConfidence(d.draft);
  renderAnalysis(d.draft.analysis);
  renderNotes(d.draft.agent_notes || []);
  const sources = d.draft.citations.map((c) => h("li", {}, h("button", { type: "button", class: "linklike", onclick: () => showSource(c, true) },
    `[${c.marker}] ${c.title}`), c.section ? h("span", { class: "hint", text: ` — ${c.section}` }) : ""));
  $("sources").replaceChildren(...(sources.length ? sources : [h("li", { class: "hint", text: "This draft cites no source." })]));
  $("source-empty").hidden = false;
  $("source-body").hidden = true;
  if (d.draft.citations.length) showSource(d.draft.citations[0]);
  const box = $("diff-box");
  box.hidden = !previous;
  if (previous) renderDiff($("diff"), previous.draft.text, d.draft.text);
  renderBody();
  getJson(`/v1/drafts/${d.id}/tone`).then((tone) => { if (state.draft && state.draft.id === d.id) renderTone(tone); })
    .catch(() => { $("tone").replaceChildren(h("p", { class: "hint", text: "Tone scores are not available for this draft." })); });
}

// Streaming: show the text as it arrives, before the verified draft replaces it.
export function startStream() {
  state.draft = null;
  $("review-empty").hidden = true;
  $("review-body").hidden = false;
  $("review-id").textContent = "";
  $("review-chips").replaceChildren(h("span", { class: "chip", text: "Drafting…" }));
  $("draft-view").replaceChildren();
  $("draft-view").setAttribute("aria-busy", "true");
  for (const id of ["flags", "notes", "sources", "analysis", "tone", "confidence-reasons"]) $(id).replaceChildren();
  $("diff-box").hidden = true;
  syncButtons();
}
export function appendStream(text) { $("draft-view").append(text); }
export function endStream() { $("draft-view").removeAttribute("aria-busy"); }

export async function open(id) {
  const d = await getJson(`/v1/drafts/${encodeURIComponent(id)}`);
  let previous = null;
  if (d.parent_id) previous = await getJson(`/v1/drafts/${encodeURIComponent(d.parent_id)}`).catch(() => null);
  render(d, previous);
}

// ---------------------------------------------------------------------------------------------- actions
function startEdit() {
  $("draft-text").value = shownText(state.draft);
  $("draft-view").hidden = true;
  $("draft-edit").hidden = false;
  $("draft-text").focus();
}

async function checkEdit() {
  const text = $("draft-text").value;
  if (!text.trim()) { fail(new Error("The reply is empty: write the reply or undo your edit.")); return; }
  const result = await getJson(`/v1/drafts/${state.draft.id}/check`, { method: "POST", json: { text } });
  state.edited = text === state.draft.draft.text ? null : text;
  state.checkFlags = state.edited === null ? null : result.flags;
  $("draft-edit").hidden = true;
  $("draft-view").hidden = false;
  renderBody();
  renderTone(result.tone);
  say(state.edited === null ? "No change to the draft." : `Edit checked: ${result.flags.length} flag(s). Hover or focus a highlighted sentence for the reason.`);
  $("draft-view").focus();
}

function undoEdit() {
  state.edited = null;
  state.checkFlags = null;
  $("draft-edit").hidden = true;
  $("draft-view").hidden = false;
  renderBody();
  say("Your edit was undone.");
}

async function review(body) {
  const d = await getJson(`/v1/drafts/${state.draft.id}/review`, { method: "POST", json: body });
  render(d, state.previous);
  say(`Draft ${d.id} is now ${d.status}.`);
  document.dispatchEvent(new CustomEvent("draft-reviewed", { detail: d }));
}

export async function approve() {
  const d = state.draft;
  if (!d || d.status !== "pending") { say("There is no pending draft open to approve."); return; }
  if (!$("draft-edit").hidden) await checkEdit();  // approving while the editor is open takes the edit
  if (state.edited !== null && state.edited !== d.draft.text) await review({ action: "edit", text: state.edited });
  else await review({ action: "approve" });
}

async function reject() {
  const reason = $("reject-reason").value.trim();
  if (!reason) { fail(new Error("Give a reason for rejecting the draft.")); $("reject-reason").focus(); return; }
  await review({ action: "reject", reason });
}

export async function regenerate(adjustment) {
  const d = state.draft;
  if (!d) { say("Open a draft first."); return; }
  say(`Regenerating ${ADJUST_LABELS[adjustment]}…`);
  const fresh = await getJson(`/v1/drafts/${d.id}/regenerate`, { method: "POST", json: { adjustment } });
  render(fresh, d);
  history.replaceState(null, "", `#review/${fresh.id}`);
  say(`Regenerated ${ADJUST_LABELS[adjustment]} as ${fresh.id}; the changes are shown below the reply.`);
}

export async function nextPending() {
  const page = await getJson("/v1/drafts?status=pending&limit=100");
  const items = page.items;
  const at = state.draft ? items.findIndex((x) => x.id === state.draft.id) : -1;
  const next = at >= 0 ? items[at + 1] || items.find((x) => x.id !== state.draft.id) : items[0];
  if (!next) { say("No other pending drafts."); return false; }
  location.hash = `#review/${next.id}`;
  return true;
}

export function install() {
  $("edit-btn").addEventListener("click", startEdit);
  $("edit-done").addEventListener("click", (e) => guarded(e.currentTarget, checkEdit));
  $("edit-cancel").addEventListener("click", undoEdit);
  $("approve-btn").addEventListener("click", async (e) => { await guarded(e.currentTarget, approve); syncButtons(); });
  $("reject-btn").addEventListener("click", async (e) => { await guarded(e.currentTarget, reject); syncButtons(); });
  for (const b of document.querySelectorAll(".regen button")) {
    b.addEventListener("click", async () => { await guarded(b, () => regenerate(b.dataset.adjust)); syncButtons(); });
  }
  $("draft-view").setAttribute("tabindex", "-1");
  syncButtons();
}

