// The desk's entry point: sign-in with a key kept for this tab, role-aware pages, hash routing, shortcuts.
import { getJson, session } from "./api.js";
import { $, clearMessages, fail, say } from "./dom.js";
import * as draft from "./draft.js";
import * as review from "./review.js";
import * as recent from "./recent.js";
import * as kb from "./kb.js";
import * as quality from "./quality.js";

const VIEWS = ["draft", "review", "recent", "kb", "quality"];
const TITLES = { draft: "Draft", review: "Review", recent: "Recent drafts", kb: "Knowledge base", quality: "Quality" };
// Which pages each role may open; the API enforces the same split on every route.
const ROLE_VIEWS = {
  agent: ["draft", "review", "recent"],
  knowledge_manager: ["kb"],
  qa: ["quality"],
  admin: VIEWS,
};
const ROLE_NAMES = { agent: "agent", knowledge_manager: "knowledge manager", qa: "QA", admin: "administrator" };
const ROLE_OF_VIEW = { draft: "agents", review: "agents", recent: "agents", kb: "knowledge managers", quality: "QA teams" };

let me = null;

function allowed(view) { return !!me && (ROLE_VIEWS[me.role] || []).includes(view); }

function showOnly(id) {
  for (const el of document.querySelectorAll("main > .view")) el.hidden = el.id !== id;
}

async function route() {
  if (!me) { showOnly("view-signin"); document.title = "caredraft — sign in"; return; }
  const [name, arg] = location.hash.replace(/^#/, "").split("/");
  const view = VIEWS.includes(name) ? name : ROLE_VIEWS[me.role][0];
  for (const li of document.querySelectorAll("#nav li")) {
    const a = li.querySelector("a");
    if (li.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  document.title = `caredraft — ${TITLES[view]}`;
  if (!allowed(view)) {
    showOnly("view-denied");
    $("denied-text").textContent = `The ${TITLES[view]} page is for ${ROLE_OF_VIEW[view]}; your key has the ${ROLE_NAMES[me.role]} role. ` +
      "Use the links above for the pages you can open.";
    return;
  }
  showOnly(`view-${view}`);
  try {
    if (view === "review" && arg && (!review.current() || review.current().id !== arg)) await review.open(arg);
    else if (view === "recent") await recent.load();
    else if (view === "kb") await kb.load();
    else if (view === "quality") await quality.load();
  } catch (err) { fail(err); }
}

function signedIn(who) {
  me = who;
  $("nav").hidden = false;
  for (const li of document.querySelectorAll("#nav li")) li.hidden = !allowed(li.dataset.view);
  $("who").hidden = false;
  $("who-text").textContent = `${who.name} · ${ROLE_NAMES[who.role] || who.role}`;
}

async function signIn(key) {
  const who = await getJson("/v1/me", { key });  // validates the key before it is kept
  session.key = key;
  signedIn(who);
  $("api-key").value = "";
  say(`Signed in as ${who.name} (${ROLE_NAMES[who.role] || who.role}).`);
  if (!location.hash || location.hash === "#signin") location.hash = `#${ROLE_VIEWS[who.role][0]}`; else await route();
}

function signOut() {
  // a fresh page: nothing of the previous session (drafts, customers) stays in the document
  session.key = "";
  location.replace(location.pathname);
}

function keyRejected() {
  session.key = "";
  me = null;
  $("nav").hidden = true;
  $("who").hidden = true;
  history.replaceState(null, "", location.pathname);
  showOnly("view-signin");
}

function onKey(event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || !me || !allowed("review")) return;
  const actions = {
    KeyA: () => review.approve(),
    KeyR: () => review.regenerate("warmer"),
    KeyN: async () => { if (!(await review.nextPending())) return; },
  };
  const action = actions[event.code];
  if (!action) return;
  event.preventDefault();
  if (event.code !== "KeyN" && !review.current()) { say("Open a draft first."); return; }
  if (event.code !== "KeyN" && location.hash.split("/")[0] !== "#review") location.hash = `#review/${review.current().id}`;
  Promise.resolve(action()).catch(fail);
}

async function boot() {
  draft.install(fail);
  review.install();
  recent.install(fail);
  kb.install(fail);
  quality.install(fail);
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) { fail(new Error("Paste your API key first.")); return; }
    clearMessages();
    signIn(key).catch((err) => { fail(err); $("api-key").focus(); });
  });
  $("sign-out").addEventListener("click", signOut);
  window.addEventListener("hashchange", () => { $("alert").hidden = true; route(); });
  document.addEventListener("keydown", onKey);
  document.addEventListener("key-rejected", keyRejected);
  if (session.key) {
    try { signedIn(await getJson("/v1/me")); } catch (err) { session.key = ""; fail(err); }
  }
  await route();
}

boot();
