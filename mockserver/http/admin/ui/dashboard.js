// The dashboard over the mock's admin API (GET /__admin/ui/). Plain JavaScript, no library.
// Every value shown comes from the mock and may come from any client's request body, so it is
// written with textContent and text nodes only, never as HTML (the page's CSP forbids inline
// script besides).
"use strict";

const BASE = location.pathname.split("/__admin/")[0];
const ADMIN = BASE + "/__admin";
const TOKEN_KEY = "leadping-mock.admin-token";
const POLL_MS = 1000;
const WORLD_MS = 5000;  // the world also changes by other clients' calls and admin scripts
const LOG_SHOWN = 200;

const state = { numbers: [], lastId: 0, live: true, polling: false, again: false, generation: 0,
                scenario: null, ready: false, loading: null, world: "" };
const $ = (selector) => document.querySelector(selector);

// Elements from data: text only --------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else node[key] = value;  // className, title, value, max: properties, never innerHTML
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function rows(tbody, nodes) {
  tbody.replaceChildren(...nodes);
}

function notice(text) {
  const box = $("#notice");
  box.textContent = text || "";
  box.hidden = !text;
}

// Calls: the admin token on every admin call, problems shown as they come --------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

class Refused extends Error {}

async function call(method, path, body, { admin = true } = {}) {
  const headers = {};
  if (admin && token()) headers["X-Admin-Token"] = token();
  if (state.world) {  // a named world: its own admin API, log and selections
    headers["X-Mock-World"] = state.world;
    if (token()) headers["X-Admin-Token"] = token();  // with a token set, naming one needs it
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const text = body === undefined || typeof body === "string" ? body : JSON.stringify(body);
  const answer = await fetch(admin ? ADMIN + path : BASE + path, {
    method, headers, body: text,
    cache: "no-store",
  });
  const data = parsed(await answer.text().catch(() => ""));
  if (admin && answer.status === 401) {
    // No more polls with a token the mock refuses (each would be refused, once a second, for
    // as long as the page is open): they start again when a token is saved and accepted.
    state.ready = false;
    authStatus("the mock needs its admin token", "no");
    throw new Refused(data && data.detail);
  }
  if (!answer.ok && admin) {
    notice(`${method} ${path}: ${answer.status} ${data && data.detail ? data.detail : ""}`);
    throw new Refused(data && data.detail);
  }
  return { status: answer.status, data };
}

function exactSeed(key, value, context) {
  // A seed as its digits (JSON.parse's source text, where the browser gives it): a Number
  // shows 12345678901234567 as ...568.
  return key === "seed" && typeof value === "number" && context && context.source
    ? context.source : value;
}

function parsed(text) {
  try {
    return JSON.parse(text, exactSeed);
  } catch {
    return null;
  }
}

function authStatus(text, kind) {
  const status = $("#auth-status");
  status.textContent = text;
  status.className = kind || "";
}

// The world at a glance -----------------------------------------------------------------------

function sendCell(row, channel) {
  if (row.canSend[channel]) return el("td", { className: "yes" }, "can send");
  return el("td", { className: "no", title: row.whyNot[channel] || "" }, "cannot send",
            el("small", {}, row.blockers[channel]), el("small", {}, row.whyNot[channel]));
}

function warmupCell(row) {
  const bar = el("progress", { max: 100, value: row.warmupProgressPercent });
  bar.dataset.number = row.id;
  const label = row.warmupEnabled ? `${row.warmupProgressPercent}%` : "no warmup";
  return el("td", {}, bar, " ", el("span", { className: "percent" }, label));
}

function healthCell(row) {
  const watched = row.healthWarning ? "warn" : "";
  return el("td", { title: row.healthReason || "" }, row.healthLabel,
            el("small", { className: watched }, row.healthReason),
            row.healthWarning && row.healthWarning !== row.healthReason
              ? el("small", { className: "warn" }, row.healthWarning) : null);
}

function numberCell(row) {
  const flags = [row.isDefault ? "default" : "", row.isPreferred ? "preferred" : ""]
    .filter(Boolean).join(", ");
  return el("td", {}, row.displayNumber, el("small", {}, `${row.id} · ${row.name}`),
            flags ? el("small", {}, flags) : null);
}

function renderNumbers(view) {
  state.numbers = view.numbers;
  rows($("#numbers tbody"), view.numbers.map((row) => el("tr", { dataset: { number: row.id } },
    numberCell(row), el("td", {}, row.teamId || "whole account"),
    el("td", {}, row.status, el("small", {}, row.inventoryState),
       row.enabled ? null : el("small", {}, "disabled")),
    healthCell(row), warmupCell(row), sendCell(row, "sms"), sendCell(row, "call"))));
  rows($("#warmup tbody"), view.numbers.filter((row) => row.warmupEnabled).map((row) =>
    el("tr", { dataset: { number: row.id } }, numberCell(row), healthCell(row), warmupCell(row))));
  $("#numbers-note").textContent = view.total > view.numbers.length
    ? `The first ${view.numbers.length} of ${view.total} numbers.` : "";
  $("#number-count").textContent = String(view.total);
}

function renderConversations(view) {
  rows($("#conversations tbody"), view.conversations.map((c) => el("tr", {},
    el("td", {}, c.id), el("td", {}, c.stickyNumberId || "-"),
    el("td", { className: c.overrideNumberId ? "warn" : "" }, c.overrideNumberId || "-"),
    el("td", {}, c.channel || "sms"), el("td", {}, c.teamId || "-"), el("td", {}, c.leadId || "-"),
    el("td", {}, c.recipientPhoneNumber || "-"))));
}

function renderState(world) {
  $("#scenario").textContent = world.scenario + (world.world ? ` (world ${world.world})` : "");
  $("#seed").textContent = String(world.seed);
  $("#clock").textContent = world.clock;
  const choice = $("#scenario-choice");
  if (choice.options.length !== world.scenarios.length) {
    choice.replaceChildren(...world.scenarios.map((name) => el("option", { value: name }, name)));
  }
  if (state.scenario !== world.scenario) choice.value = world.scenario;  // not while choosing
  state.scenario = world.scenario;
}

function renderWorlds(names) {
  const choice = $("#world");
  const known = [...choice.options].map((o) => o.value).slice(1);
  if (known.join("\n") === names.join("\n")) return;
  choice.replaceChildren(el("option", { value: "" }, "main"),
                         ...names.map((name) => el("option", { value: name }, name)));
  choice.value = names.includes(state.world) ? state.world : "";
}

async function chooseWorld() {
  if (state.loading) await state.loading.catch(() => {});  // that one is of the old world
  state.world = $("#world").value;
  state.scenario = null;
  restartLog();
  return loadWorld(true).catch(() => {});
}

function renderControls(controls, fill) {
  if (fill) {  // the form only on first load and after Apply: a refresh keeps what is typed
    $("#latency-on").checked = controls.latency !== null;
    if (controls.latency !== null) $("#latency").value = controls.latency;
    $("#errors-on").checked = controls.errorRate > 0;
    if (controls.errorRate > 0) $("#error-rate").value = String(controls.errorRate);
  }
  $("#controls-now").textContent = `Now: latency ${controls.latency || "off"}, error rate ` +
    `${controls.errorRate || "off"}.`;
}

function loadWorld(fill = false) {
  // One load at a time: a refresh asked for meanwhile shares the one under way.
  if (!state.loading) state.loading = readWorld(fill).finally(() => { state.loading = null; });
  return state.loading;
}

async function readWorld(fill) {
  const [world, numbers, talks, controls, worlds] = await Promise.all([
    call("GET", "/"), call("GET", "/numbers"), call("GET", "/conversations"),
    call("GET", "/controls"), call("GET", "/worlds")]);
  renderWorlds(worlds.data.worlds.map((w) => w.name));
  renderState(world.data);
  renderOperations(world.data.operations);
  renderNumbers(numbers.data);
  renderConversations(talks.data);
  renderControls(controls.data, fill || !state.ready);
  authStatus(token() ? "token accepted" : "", "yes");
  notice("");
  state.ready = true;
}

// Switch it ----------------------------------------------------------------------------------

function wholeNumber(selector) {
  const text = $(selector).value.trim();
  return text === "" ? undefined : Number(text);
}

async function act(method, path, body) {
  try {
    await call(method, path, body);
    if (state.loading) await state.loading;
    await loadWorld(path === "/controls");
  } catch (error) {
    if (!(error instanceof Refused)) notice(String(error));
  }
}

function withInteger(fields, name, digits) {
  // The digits as typed: a Number (and so JSON.stringify) is exact only up to 2^53, and the
  // admin API takes seeds up to 2^63 - 1; 12345678901234567 would reset to ...568.
  const text = JSON.stringify(fields);
  return `${text.slice(0, -1)}${text === "{}" ? "" : ","}${JSON.stringify(name)}:${digits}}`;
}

function resetTo(event) {
  event.preventDefault();
  const fields = { scenario: $("#scenario-choice").value };
  const typed = $("#seed-choice").value.trim();
  let body = fields;
  if (/^-?[0-9]{1,19}$/.test(typed)) body = withInteger(fields, "seed", typed);
  else if (typed !== "") body = { ...fields, seed: Number(typed) };  // 1.5: the API says why not
  return act("POST", "/reset", body).then(restartLog);
}

function advance(event) {
  event.preventDefault();
  const body = {};
  const days = wholeNumber("#advance-days");
  const hours = wholeNumber("#advance-hours");
  if (days) body.days = days;
  if (hours) body.hours = hours;
  return act("POST", "/clock/advance", body);
}

function applyControls(event) {
  event.preventDefault();
  const latency = $("#latency-on").checked ? $("#latency").value.trim() : null;
  const rate = $("#errors-on").checked ? Number($("#error-rate").value || 0) : 0;
  return act("POST", "/controls", { latency: latency || null, errorRate: rate });
}

// Watch the traffic --------------------------------------------------------------------------

function filters() {
  const query = new URLSearchParams();
  if ($("#filter-operation").value) query.set("operation", $("#filter-operation").value);
  const conversation = $("#filter-conversation").value;
  if (conversation) query.set("conversation", conversation);
  return query;
}

function conversationOf(entry) {
  const body = entry.requestBody;
  if (body && typeof body === "object") {
    const named = body.conversationId || (body.selection && body.selection.conversationId);
    if (typeof named === "string") return named;
  }
  const cleared = /\/conversation\/(.+)\/override$/.exec(entry.path);
  return cleared ? cleared[1] : "";
}

function logRow(entry) {
  const time = entry.at.slice(11, 23);
  const kind = entry.status >= 400 ? "no" : "yes";
  const row = el("tr", { dataset: { id: String(entry.id) } },
    el("td", {}, entry.id), el("td", { title: entry.at }, time),
    el("td", {}, `${entry.method} ${entry.path}${entry.query ? "?" + entry.query : ""}`),
    el("td", {}, entry.operationId || "-"), el("td", {}, conversationOf(entry) || "-"),
    el("td", { className: kind }, entry.status), el("td", {}, entry.durationMs),
    el("td", {}, entry.reason || ""));
  row.addEventListener("click", () => showEntry(entry, row));
  return row;
}

function shown(body) {
  return body === null || body === undefined ? "(none)" : JSON.stringify(body, null, 2);
}

function showEntry(entry, row) {
  for (const other of document.querySelectorAll("#log tr.chosen")) other.classList.remove("chosen");
  row.classList.add("chosen");
  $("#entry-title").textContent = `#${entry.id} ${entry.method} ${entry.path} -> ${entry.status}`;
  $("#entry-request").textContent = shown(entry.requestBody);
  $("#entry-response").textContent = shown(entry.responseBody);
}

function addEntries(entries) {
  const body = $("#log tbody");
  for (const entry of entries) {
    state.lastId = Math.max(state.lastId, entry.id);
    body.prepend(logRow(entry));  // newest on top
  }
  while (body.rows.length > LOG_SHOWN) body.lastElementChild.remove();
}

async function poll() {
  if (!state.ready) return;
  if (state.polling) {
    state.again = true;  // after the one under way, which may be for the old filters
    return;
  }
  state.polling = true;
  const generation = state.generation;
  try {
    const query = filters();
    if (state.lastId) query.set("since", String(state.lastId));
    else query.set("limit", String(LOG_SHOWN));
    const answer = await call("GET", "/requests?" + query);
    if (generation !== state.generation) return;  // the filters changed meanwhile
    const later = state.lastId !== 0;
    addEntries(answer.data.entries);
    // New traffic may have made a conversation or a number: the world view follows it.
    if (answer.data.entries.length && later) loadWorld().catch(() => {});
  } catch (error) {
    if (!(error instanceof Refused)) notice(String(error));
  } finally {
    state.polling = false;
    if (state.again) {
      state.again = false;
      poll();
    }
  }
}

function restartLog(event) {
  if (event) event.preventDefault();
  state.generation += 1;
  state.lastId = 0;
  $("#log tbody").replaceChildren();
  return poll();
}

async function verify(event) {
  event.preventDefault();
  const body = {};
  if ($("#verify-operation").value) body.operationId = $("#verify-operation").value;
  if ($("#verify-conversation").value) body.conversation = $("#verify-conversation").value;
  if ($("#verify-status").value.trim()) body.status = $("#verify-status").value.trim();
  const count = wholeNumber("#verify-count");
  if (count !== undefined) body.count = count;
  const result = $("#verify-result");
  try {
    if ($("#verify-body").value.trim()) body.body = JSON.parse($("#verify-body").value);
  } catch (error) {
    result.replaceChildren(el("p", { className: "no" }, `Body fragment: ${error.message}`));
    return;
  }
  try {
    const { data } = await call("POST", "/verify", body);
    const expected = data.expected === null ? "at least one" : data.expected;
    result.replaceChildren(
      el("p", { className: data.ok ? "yes" : "no" }, data.ok ? "ok" : "not as expected",
         `: ${data.count} matching (expected ${expected})`),
      data.matches.length ? el("p", {}, `Requests ${data.matches.join(", ")}`) : null,
      ...data.nearest.map((near) => el("div", {},
        el("p", {}, `Nearest: #${near.request.id} ${near.request.method} ${near.request.path}`),
        el("ul", {}, ...near.differences.map((d) => el("li", {}, d))))));
  } catch (error) {
    if (!(error instanceof Refused)) notice(String(error));
  }
}

function renderOperations(ids) {
  for (const select of [$("#filter-operation"), $("#verify-operation")]) {
    if (select.options.length > 1) continue;
    select.append(...ids.map((id) => el("option", { value: id }, id)));
  }
}

// Try a selection ----------------------------------------------------------------------------

function selectionBody() {
  const body = {};
  for (const field of $("#selection-form").querySelectorAll("[name]")) {
    if (field.value.trim()) body[field.name] = field.value.trim();
  }
  return body;
}

function candidateRow(candidate, channel) {
  const known = state.numbers.find((n) => n.id === candidate.phoneNumberId);
  const why = candidate.canSend ? candidate.reasonLabel || "can send"
    : known ? `${known.blockers[channel]}: ${known.whyNot[channel]}` : "cannot send";
  return el("tr", { className: candidate.isSelected ? "chosen" : "" },
    el("td", {}, candidate.displayNumber, el("small", {}, `${candidate.phoneNumberId} · ` +
       `${candidate.label}`)),
    el("td", {}, candidate.healthLabel,
       candidate.healthWarning ? el("small", { className: "warn" }, candidate.healthWarning)
         : null),
    el("td", { className: candidate.canSend ? "yes" : "no" },
       candidate.canSend ? "eligible" : "not eligible"),
    el("td", {}, why), el("td", {}, candidate.isSelected ? "chosen" : ""));
}

function renderSelection(data, channel) {
  const chosen = data.canSend
    ? el("p", { className: "answer" }, "Sends from ", el("strong", {}, data.displayNumber),
         ` (${data.phoneNumberId}): `, el("span", { className: "reason" }, data.reasonLabel),
         el("small", {}, `${data.selectionReason} · ${data.healthLabel}` +
            (data.wasManuallyOverridden ? " · manually overridden" : "")))
    : el("p", { className: "answer no" }, "Nothing can send");
  return [
    chosen,
    data.healthWarning ? el("p", { className: "banner warn" }, data.healthWarning) : null,
    data.setupMessage ? el("p", { className: "banner no" }, data.setupMessage) : null,
    el("h3", {}, "Eligible numbers"),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Number"), el("th", {}, "Health"),
        el("th", {}, "Eligible"), el("th", {}, "Why"), el("th", {}, ""))),
       el("tbody", {}, ...data.eligibleNumbers.map((c) => candidateRow(c, channel)))),
  ].filter(Boolean);
}

async function trySelection(event) {
  event.preventDefault();
  const body = selectionBody();
  const result = $("#selection-result");
  try {
    const { status, data } = await call("POST", "/phone-numbers/outgoing/new", body,
                                        { admin: false });
    if (status !== 200) {
      result.replaceChildren(el("p", { className: "no" }, `${status}: ${data && data.detail}`));
      return;
    }
    result.replaceChildren(...renderSelection(data, body.channel || "sms"));
    if (state.ready) loadWorld().catch(() => {});  // the conversation may be new
  } catch (error) {
    result.replaceChildren(el("p", { className: "no" }, String(error)));
  }
}

// Views and start ----------------------------------------------------------------------------

function showView(name) {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-selected", String(tab.dataset.view === name));
  }
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${name}`;
  if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  if (state.ready) loadWorld().catch(() => {});  // a view opens on the world as it is now
}

async function start() {
  try {
    await loadWorld();
    await poll();
  } catch (error) {
    if (!(error instanceof Refused)) notice(String(error));
  }
}

async function main() {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  const asked = (location.hash || "#world").slice(1).replace(/[^a-z]/g, "");
  showView(document.getElementById(`view-${asked}`) ? asked : "world");  // else no view shows
  $("#token").value = token();
  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("#token").value);
    start();
  });
  $("#world").addEventListener("change", chooseWorld);
  $("#reset-form").addEventListener("submit", resetTo);
  $("#reset-start").addEventListener("click", () => act("POST", "/reset").then(restartLog));
  $("#advance-form").addEventListener("submit", advance);
  $("#controls-form").addEventListener("submit", applyControls);
  $("#filter-form").addEventListener("submit", restartLog);
  $("#filter-operation").addEventListener("change", () => restartLog());
  $("#live").addEventListener("change", () => { state.live = $("#live").checked; });
  $("#verify-form").addEventListener("submit", verify);
  $("#selection-form").addEventListener("submit", trySelection);
  setInterval(() => { if (state.live) poll(); }, POLL_MS);
  setInterval(() => { if (state.ready) loadWorld().catch(() => {}); }, WORLD_MS);
  const access = await (await fetch(ADMIN + "/ui/access.json", { cache: "no-store" })).json();
  if (access.tokenRequired && !token()) {
    authStatus("this mock has an admin token: type it to see the world", "no");
    $("#token").focus();
    return;
  }
  await start();
}

main();
