// Word-level difference between two texts (longest common subsequence), for "what changed since the last draft".
import { h } from "./dom.js";

const MAX_CELLS = 4_000_000; // two ~2000-word replies; longer texts are shown whole instead of diffed

export function diffWords(before, after) {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return [{ op: "del", text: before }, { op: "ins", text: after }];
  const n = a.length, m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = [];
  const push = (op, text) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text; else out.push({ op, text });
  };
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { push("same", a[i]); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) push("del", a[i++]);
    else push("ins", b[j++]);
  }
  while (i < n) push("del", a[i++]);
  while (j < m) push("ins", b[j++]);
  return out;
}

export function renderDiff(container, before, after) {
  container.replaceChildren();
  for (const part of diffWords(before, after)) {
    if (part.op === "same") container.append(part.text);
    else if (part.op === "ins") container.append(h("ins", {}, h("span", { class: "visually-hidden", text: "[added: " }), part.text, h("span", { class: "visually-hidden", text: "]" })));
    else container.append(h("del", {}, h("span", { class: "visually-hidden", text: "[removed: " }), part.text, h("span", { class: "visually-hidden", text: "]" })));
  }
}
