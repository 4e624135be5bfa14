// The composer: the customer's message, optional name/order/channel or a sample customer, streamed into Review.
import { postStream } from "./api.js";
import { $, h, say } from "./dom.js";
import * as review from "./review.js";

let samples = [];

async function loadSamples() {
  try {
    samples = await (await fetch("/static/samples/customers.json")).json();
  } catch (_) { samples = []; }
  const select = $("sample-customer");
  select.replaceChildren(h("option", { value: "", text: "None: type the details below" }),
                         ...samples.map((s, i) => h("option", { value: String(i), text: s.label })));
}

function chosenSample() {
  const v = $("sample-customer").value;
  return v === "" ? null : samples[Number(v)];
}

function onSample() {
  const s = chosenSample();
  const note = $("sample-note");
  if (!s) { note.hidden = true; return; }
  const c = s.customer;
  $("customer-name").value = c.name || "";
  $("order-id").value = c.orders && c.orders.length ? c.orders[0].id : "";
  $("channel").value = s.channel || "email";
  const orders = (c.orders || []).map((o) => `${o.id} (${o.status || "status unknown"})`).join(", ");
  note.textContent = `Using the profile of ${c.name}` + (c.tier ? `, ${c.tier} tier` : "") + (orders ? `, orders ${orders}` : "") + ".";
  note.hidden = false;
}

export function ticketFromForm() {
  const ticket = { message: $("message").value, channel: $("channel").value };
  const sample = chosenSample();
  const customer = sample ? structuredClone(sample.customer) : {};
  const name = $("customer-name").value.trim();
  const order = $("order-id").value.trim();
  if (name && name !== customer.name) { customer.name = name; delete customer.preferred_name; }
  if (!name && sample) { delete customer.name; delete customer.preferred_name; }
  if (order && !(customer.orders || []).some((o) => o.id === order)) customer.orders = [{ id: order }, ...(customer.orders || [])];
  if (Object.keys(customer).length) ticket.customer = customer;
  return ticket;
}

async function submit(event) {
  event.preventDefault();
  const ticket = ticketFromForm();
  if (!ticket.message.trim()) { say("Type or paste the customer's message first."); $("message").focus(); return; }
  const button = $("draft-btn");
  button.disabled = true;
  location.hash = "#review";
  review.startStream();
  say("Drafting…");
  let stored = null;
  try {
    await postStream("/v1/drafts/stream", ticket, (name, data) => {
      if (name === "delta") review.appendStream(data.text);
      else if (name === "draft") stored = data;
      else if (name === "error") throw new Error("Drafting failed on the server; the event was logged. Try again.");
    });
    if (!stored) throw new Error("The draft did not arrive: the connection ended early. Try again.");
    review.endStream();
    review.render(stored);
    history.replaceState(null, "", `#review/${stored.id}`);
    say(`Draft ready (${stored.id}): check the highlighted sentences and sources, then approve, edit or reject.`);
    $("review-h").focus?.();
  } catch (err) {
    review.endStream();
    throw err;
  } finally {
    button.disabled = false;
  }
}

export function install(onError) {
  loadSamples();
  $("sample-customer").addEventListener("change", onSample);
  $("ticket-form").addEventListener("submit", (e) => submit(e).catch(onError));
}

