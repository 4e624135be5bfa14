// Quality: evaluation runs with their gate, a chart per metric across runs, the breakdown by behaviour, the
// full report, and starting a run of a shipped suite.
import { getJson, request } from "./api.js";
import { $, h, badge, fail, guarded, num, pct, rows, say, when } from "./dom.js";
import { barChart } from "./chart.js";

const POLL_MS = 400;
const CHART_RUNS = 8;
const CHART_METRICS = ["pass_rate", "groundedness", "citation_precision", "fact_coverage", "behaviour_accuracy",
                       "empathy", "politeness", "gold_cited_recall@5", "unsupported_claims_per_case"];
let runs = [];
let selected = null;
let reportUrl = null;
let polling = null;

function gateBadge(job) {
  if (job.status !== "succeeded") return badge(job.status, job.status === "failed" ? "rejected" : "pending");
  const gate = job.result && job.result.gate;
  if (!gate) return h("span", { class: "hint", text: "no gate" });
  return gate.passed ? badge("passed", "approved") : badge("failed", "rejected");
}

function renderRuns() {
  rows($("q-runs"), runs, (job) => {
    const open = h("button", { type: "button", class: "linklike", text: when(job.created_at), "aria-label": `Open the run of ${when(job.created_at)} (${job.params.suite})` });
    open.addEventListener("click", () => select(job.id));
    return h("tr", { class: selected === job.id ? "selected" : "", "aria-current": selected === job.id ? "true" : undefined },
      h("td", {}, open), h("td", { text: job.params.suite || "uploaded" }),
      h("td", { text: String(job.params.cases ?? "—") }), h("td", { text: job.status }),
      h("td", {}, gateBadge(job)),
      h("td", { text: job.result && job.result.summary ? pct(job.result.summary.pass_rate) : "—" }));
  }, "No evaluation runs yet: start one above.", 6);
}

function limitsOf(job) {
  const out = {};
  for (const c of (job.result && job.result.gate && job.result.gate.checks) || []) {
    if (c.rule === "min" || c.rule === "max") out[c.metric] = { rule: c.rule, value: c.limit };
  }
  return out;
}

async function showReport(job) {
  const link = $("q-report");
  if (reportUrl) URL.revokeObjectURL(reportUrl);
  reportUrl = null;
  link.removeAttribute("target");
  link.href = "#quality";
  link.textContent = "Loading the full report…";
  try {
    const html = await (await request(`/v1/evaluations/${encodeURIComponent(job.id)}/report`)).blob();
    reportUrl = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    link.href = reportUrl;
    link.target = "_blank";
    link.textContent = "Open the full report (new tab)";
  } catch (err) {
    link.textContent = "The full report is not available: " + err.message;
  }
}

function select(id) {
  selected = id;
  renderRuns();
  const job = runs.find((r) => r.id === id);
  const box = $("q-detail");
  if (!job) { box.hidden = true; return; }
  box.hidden = false;
  $("q-detail-h").textContent = `Run of ${when(job.created_at)} — ${job.params.suite}, ${job.params.cases} case(s)`;
  const result = job.result || {};
  const gate = result.gate;
  const line = $("q-gate-line");
  if (job.status !== "succeeded") line.textContent = job.status === "failed" ? `This run failed: ${job.error}` : "This run is still going.";
  else if (!gate) line.textContent = "No gate was applied to this run.";
  else {
    const failed = gate.checks.filter((c) => !c.passed).length;
    line.replaceChildren(gate.passed ? badge("Gate passed", "approved") : badge("Gate failed", "rejected"),
      ` ${gate.checks.length - failed} of ${gate.checks.length} checks passed; ${result.summary.passed_cases} of ${result.summary.cases} cases met every expectation.`);
  }
  rows($("q-checks"), (gate && gate.checks) || [], (c) => h("tr", {},
    h("td", { text: c.metric }), h("td", { text: c.rule.replace("_", " ") }), h("td", { text: num(c.limit, 3) }),
    h("td", { text: c.value === null || c.value === undefined ? (c.rule.startsWith("max_") ? "no baseline" : "missing") : num(c.value, 3) }),
    h("td", {}, c.passed ? badge("pass", "approved") : badge("fail", "rejected"))), "No gate checks.", 5);

  const charts = $("q-charts");
  charts.replaceChildren();
  if (result.summary) {
    const history = runs.filter((r) => r.status === "succeeded" && r.params.suite === job.params.suite && r.created_at <= job.created_at)
      .slice(0, CHART_RUNS).reverse();
    const limits = limitsOf(job);
    const metrics = [...new Set([...CHART_METRICS, ...Object.keys(limits)])].filter((m) => typeof result.summary[m] === "number");
    for (const m of metrics) {
      const points = history.map((r) => ({ label: when(r.created_at), value: r.result.summary[m], current: r.id === job.id }));
      charts.append(h("figure", { class: "chart" }, barChart(m.replace(/_/g, " "), points, limits[m] || null),
        h("figcaption", {}, h("strong", { text: m.replace(/_/g, " ") }), ` ${num(result.summary[m], 3)}`)));
    }
  }
  const by = result.by_behaviour;
  rows($("q-behaviour"), by || [], (b) => h("tr", {},
    h("td", { text: b.behaviour + (b.expected ? "" : " (not stated in the suite)") }), h("td", { text: String(b.cases) }),
    h("td", { text: `${b.passed} (${pct(b.passed / b.cases)})` }),
    h("td", { text: b.expected ? `${b.behaviour_correct} (${pct(b.behaviour_correct / b.cases)})` : "—" }),
    h("td", { text: Object.entries(b.produced || {}).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(", ") || "—" })),
  by ? "No cases." : "This run has no breakdown by behaviour.", 5);
  if (job.status === "succeeded") showReport(job); else { $("q-report").textContent = "The report exists once the run has finished."; }
}

async function follow(id) {
  clearTimeout(polling);
  $("q-progress-box").hidden = false;
  $("q-start").disabled = true;
  const tick = async () => {
    let job;
    try { job = await getJson(`/v1/evaluations/${encodeURIComponent(id)}`); } catch (err) { fail(err); $("q-start").disabled = false; return; }
    const p = job.progress || {};
    const total = p.cases_total || job.params.cases || 1;
    $("q-progress").value = job.status === "succeeded" ? 1 : (p.cases_done || 0) / total;
    $("q-progress-text").textContent = job.status === "running" ? `Case ${p.cases_done || 0} of ${total}` : `Run ${job.status}.`;
    if (job.status === "succeeded" || job.status === "failed") {
      polling = null;
      $("q-start").disabled = false;
      await load(id);
      if (job.status === "succeeded") {
        const gate = job.result.gate;
        say(`Evaluation finished: ${gate ? (gate.passed ? "the gate passed" : "the gate failed") : "no gate applied"}.`);
      } else fail(new Error("The evaluation failed: " + (job.error || "no reason recorded")));
      return;
    }
    polling = setTimeout(tick, POLL_MS);
  };
  await tick();
}

async function start(event) {
  event.preventDefault();
  const body = { suite: $("q-suite").value, gate: $("q-gate").checked };
  const limit = $("q-limit").value.trim();
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1) { fail(new Error("Cases must be a whole number of at least 1, or empty for all.")); return; }
    body.limit = n;
  }
  const job = await getJson("/v1/evaluations", { method: "POST", json: body });
  say(`Evaluation of ${job.params.suite} started (${job.params.cases} cases).`);
  await load(job.id);
  follow(job.id);
}

export async function load(focusId = null) {
  const [suites, list] = await Promise.all([getJson("/v1/evaluations/suites"), getJson("/v1/evaluations?limit=50")]);
  const choice = $("q-suite");
  const before = choice.value;
  choice.replaceChildren(...suites.map((s) => h("option", { value: s.name, text: `${s.name} (${s.cases} cases)` })));
  if (before) choice.value = before;
  runs = list;
  const running = runs.find((r) => r.status === "running");
  const pick = focusId || selected || (runs.find((r) => r.status === "succeeded") || runs[0] || {}).id;
  if (pick) select(pick); else { renderRuns(); $("q-detail").hidden = true; }
  if (running && !focusId && !polling) follow(running.id);
}

export function install(onError) {
  $("q-start-form").addEventListener("submit", (e) => guarded(null, () => start(e)).catch(onError));
}
