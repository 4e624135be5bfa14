// Small inline SVG bar charts (no library): one metric across runs, with the gate's limit as a line.
const NS = "http://www.w3.org/2000/svg";
const W = 260, H = 120, PAD_L = 34, PAD_B = 18, PAD_T = 10;

function el(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// points: [{label, value, current}] oldest first; limit: {value, rule: "min"|"max"} or null.
export function barChart(title, points, limit) {
  const values = points.map((p) => p.value).filter((v) => typeof v === "number");
  const top = Math.max(1, ...values, limit ? limit.value : 0);
  const fmt = (v) => (Math.abs(top) <= 1 ? v.toFixed(2) : v.toFixed(1));
  const described = points.map((p) => `${p.label}: ${typeof p.value === "number" ? fmt(p.value) : "no value"}`).join("; ");
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
                          "aria-label": `${title}. ${described}.` + (limit ? ` Gate ${limit.rule} ${fmt(limit.value)}.` : "") });
  svg.append(el("title", {}, title));
  const plotH = H - PAD_B - PAD_T, plotW = W - PAD_L - 6;
  const y = (v) => PAD_T + plotH - (v / top) * plotH;
  svg.append(el("line", { x1: PAD_L, y1: y(0), x2: W - 4, y2: y(0), class: "axis" }));
  svg.append(el("text", { x: PAD_L - 4, y: y(top) + 4, "text-anchor": "end", class: "tick" }, fmt(top)));
  svg.append(el("text", { x: PAD_L - 4, y: y(0), "text-anchor": "end", class: "tick" }, "0"));
  const slot = plotW / Math.max(points.length, 1);
  const bw = Math.min(26, slot * 0.7);
  points.forEach((p, i) => {
    if (typeof p.value !== "number") return;
    const x = PAD_L + i * slot + (slot - bw) / 2;
    const failing = limit && (limit.rule === "min" ? p.value < limit.value : p.value > limit.value);
    const bar = el("rect", { x, y: y(Math.max(0, p.value)), width: bw, height: Math.max(1, y(0) - y(Math.max(0, p.value))),
                             class: "bar" + (p.current ? " current" : "") + (failing ? " failing" : "") });
    bar.append(el("title", {}, `${p.label}: ${fmt(p.value)}`));
    svg.append(bar);
  });
  if (limit) {
    svg.append(el("line", { x1: PAD_L, y1: y(limit.value), x2: W - 4, y2: y(limit.value), class: "limit" }));
    svg.append(el("text", { x: W - 6, y: y(limit.value) - 3, "text-anchor": "end", class: "tick" }, `${limit.rule} ${fmt(limit.value)}`));
  }
  return svg;
}
