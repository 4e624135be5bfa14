// Small DOM helpers: build elements without innerHTML (customer and document text is never parsed as HTML).
export const $ = (id) => document.getElementById(id);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

let statusTimer = null;
export function say(text) {
  const alert = $("alert");
  alert.hidden = true;
  alert.textContent = "";
  $("status").textContent = text;
  clearTimeout(statusTimer);
}

export function fail(error) {
  const alert = $("alert");
  alert.textContent = error && error.message ? error.message : String(error);
  alert.hidden = false;
  $("status").textContent = "";
}

export function clearMessages() { say(""); }

export const pct = (x) => (typeof x === "number" ? Math.round(x * 100) + "%" : "—");
export const num = (x, digits = 2) => (typeof x === "number" ? x.toFixed(digits) : "—");

export function when(iso) {
  if (!iso) return "—";
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + "Z");  // the API stores UTC
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function badge(text, kind = text) { return h("span", { class: "badge b-" + String(kind).replace(/[^a-z_]/gi, ""), text }); }

export function rows(tbody, items, render, emptyText, columns) {
  tbody.replaceChildren();
  if (!items.length) {
    tbody.append(h("tr", {}, h("td", { colspan: columns, class: "hint", text: emptyText })));
    return;
  }
  for (const item of items) tbody.append(render(item));
}

// Run an async action from a control: busy state, and its failure shown as a sentence.
export async function guarded(button, action) {
  if (button) button.disabled = true;
  try { return await action(); } catch (err) { fail(err); return undefined; } finally { if (button) button.disabled = false; }
}
