// Calls to the /v1 API with the signed-in key; every failure becomes one plain sentence (ApiError.message).
const KEY = "caredraft-key";

export class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY) || ""; },
  set key(value) { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); },
};

function sentence(text) {
  const t = String(text || "").trim();
  if (!t) return "";
  // capitalise a plain first word only: a message may start with a file name or an id, kept as written
  const first = /^[a-z]+\s/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[.!?]$/.test(first) ? first : first + ".";
}

// What a person should read for an error answer; the server's own message is already one line.
export function explain(status, body) {
  const message = body && body.error && typeof body.error.message === "string" ? body.error.message : "";
  switch (status) {
    case 401: return "This API key was not accepted: it is unknown or has been revoked. Check the key and sign in again.";
    case 403: return "Your role may not do this. " + sentence(message);
    case 404: return sentence(message) || "That item no longer exists.";
    case 409: return sentence(message) || "That was already done, or something else is in progress.";
    case 413: return sentence(message) || "That file is too large to upload.";
    case 415: return sentence(message) || "That type of file cannot be used.";
    case 422: return "Please check what you entered: " + (message || "the request was not valid") + ".";
    case 429: return "Too many requests in a short time. " + sentence(message);
    case 503: return "The service is not ready yet. " + sentence(message);
    default:
      if (status >= 500) return "The server ran into a problem and logged it. Try again in a moment.";
      return sentence(message) || `The request failed (status ${status}).`;
  }
}

export async function request(path, { method = "GET", json, form, key } = {}) {
  const headers = { "Authorization": "Bearer " + (key || session.key) };
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form !== undefined) body = form;
  let response;
  try {
    response = await fetch(path, { method, headers, body });
  } catch (_) {
    throw new ApiError("The server could not be reached. Check your connection and that caredraft is running.", 0);
  }
  if (!response.ok) {
    let parsed = null;
    try { parsed = await response.json(); } catch (_) { /* not JSON: the status says enough */ }
    // the tab's key stopped working (revoked): the page returns to sign-in instead of failing call after call
    if (response.status === 401 && !key) document.dispatchEvent(new CustomEvent("key-rejected"));
    throw new ApiError(explain(response.status, parsed), response.status);
  }
  return response;
}

export async function getJson(path, options) { return (await request(path, options)).json(); }

// Server-sent events from a POST: calls onEvent(name, data) for each event until the stream ends.
export async function postStream(path, json, onEvent) {
  const response = await request(path, { method: "POST", json });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}
