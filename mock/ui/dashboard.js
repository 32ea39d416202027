// The graph-mock dashboard: reads the admin API (/_mock/state, /_mock/requests,
// /_mock/scenarios, /_mock/verdicts), follows /_mock/events (Server-Sent Events, read with fetch
// so the admin token can go in a header) and falls back to polling when the
// stream is refused or drops. Actions go through the admin API and the real
// Graph routes. What the families are comes from their manifests (/_mock/families): which
// member of the state each view shows, and the actions with their paths; this file names no
// family. No framework, no build step: this file is served as written.
'use strict';

const TOKEN_KEY = 'graphmock.adminToken';
const DISABLED_KEY = 'graphmock.disabledRules';
const GRAPH_TOKEN = 'Bearer graph-mock-dashboard'; // any bearer passes --auth bearer
const MAX_JOURNAL = 1000;
const POLL_MS = 2000;
const TERMINAL = new Set(['successful', 'failed', 'cancelled']);

const S = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  state: null,
  clock: null,
  scenarios: null,
  journal: [],
  selectedSeq: null,
  view: 'fleet',
  deviceId: null,
  streaming: false,
  pollTimer: null,
  disabled: JSON.parse(sessionStorage.getItem(DISABLED_KEY) || '[]'),
  verdicts: null,
  families: [],
};

class AuthError extends Error {}

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'line', 'text', 'title'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function badge(value, cls = value) {
  return el('span', { class: `badge s-${cls}` }, value ?? '—');
}

function statusClass(status) {
  return `${String(status)[0]}xx`;
}

function time(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace('Z', '');
}

function showError(message) {
  const box = $('#error');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

async function api(method, path, body, { graph = false } = {}) {
  const headers = {};
  if (graph) headers.Authorization = GRAPH_TOKEN;
  else if (S.token) headers.Authorization = `Bearer ${S.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  if (res.status === 401 && !graph) throw new AuthError('The admin token was refused.');
  return { status: res.status, json, headers: res.headers };
}

function errorText(r) {
  const e = r.json && r.json.error;
  return e ? `${r.status} ${e.code}: ${e.message}` : `HTTP ${r.status}`;
}

// ---- data --------------------------------------------------------------------

async function refreshState() {
  const r = await api('GET', '/_mock/state');
  if (r.status !== 200) return showError(`GET /_mock/state: ${errorText(r)}`);
  S.state = r.json;
  S.clock = r.json.clock;
  renderClock();
  renderWatch();
  render();
}

let refreshQueued = false;
function scheduleRefresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(() => {
    refreshQueued = false;
    refreshState().catch(onFailure);
  }, 50);
}

async function refreshJournal() {
  const r = await api('GET', '/_mock/requests?limit=200');
  if (r.status !== 200) return;
  S.journal = r.json.value;
  if (S.view === 'journal') renderJournal();
}

// The client verdicts (docs/verdicts.md), asked again shortly after each exchange while the
// journal view is shown (they are computed over the whole journal).
async function refreshVerdicts() {
  const r = await api('GET', '/_mock/verdicts');
  if (r.status !== 200) return;
  S.verdicts = r.json;
  if (S.view === 'journal') renderVerdicts();
}

let verdictsQueued = false;
function scheduleVerdicts() {
  if (verdictsQueued) return;
  verdictsQueued = true;
  setTimeout(() => {
    verdictsQueued = false;
    refreshVerdicts().catch(onFailure);
  }, 200);
}

// The families' manifests: fixed for the server's life, read once.
async function refreshFamilies() {
  const r = await api('GET', '/_mock/families');
  if (r.status !== 200) return showError(`GET /_mock/families: ${errorText(r)}`);
  S.families = r.json.value;
  renderDeviceActions();
}

// The state member a view shows (a manifest's "state" entry: key, type, view, items).
function shown(view) {
  return S.families.flatMap((f) => f.state || []).find((s) => s.view === view);
}

function entitiesOf(view) {
  const s = shown(view);
  return (s && S.state && S.state[s.key]) || [];
}

// The actions bound to entity type `type`, from the manifests.
function actionsOf(type) {
  return S.families.flatMap((f) => f.actions || []).filter((a) => a.binding === type);
}

// An action's Graph path: its template under its version root, the keys filled in order.
function actionPath(action, ...ids) {
  let i = 0;
  return `/${action.version}${action.template.replace(/\{[^}]+\}/g, () => encodeURIComponent(ids[i++]))}`;
}

// "runDiagnostics" -> "Run diagnostics".
function actionLabel(name) {
  const words = name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return words[0].toUpperCase() + words.slice(1);
}

async function refreshScenarios() {
  const r = await api('GET', '/_mock/scenarios');
  if (r.status === 200) S.scenarios = r.json;
}

function addJournalEntry(entry) {
  const last = S.journal[S.journal.length - 1];
  if (last && entry.seq <= last.seq) return;
  S.journal.push(entry);
  if (S.journal.length > MAX_JOURNAL) S.journal.splice(0, S.journal.length - MAX_JOURNAL);
  if (S.view === 'journal') {
    renderJournal();
    scheduleVerdicts();
  }
}

function onFailure(e) {
  if (e instanceof AuthError) return askToken(e.message);
  showError(String(e.message || e));
}

// ---- live updates ------------------------------------------------------------

function setLive(text) {
  $('#live').textContent = text;
}

function startPolling() {
  if (S.pollTimer) return;
  setLive('polling every 2 s');
  S.pollTimer = setInterval(() => {
    Promise.all([refreshState(), refreshJournal(), refreshVerdicts()]).catch(onFailure);
  }, POLL_MS);
}

function stopPolling() {
  clearInterval(S.pollTimer);
  S.pollTimer = null;
}

function handleEvent(block) {
  let name = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (!data) return;
  const payload = JSON.parse(data);
  if (name === 'journal') addJournalEntry(payload);
  else if (name === 'state') scheduleRefresh();
  else if (name === 'clock' || name === 'hello') {
    const clock = payload.clock || payload;
    const moved = !S.clock || S.clock.now !== clock.now;
    S.clock = clock;
    renderClock();
    // A real clock moves operations without any request: look again.
    if (moved && clock.mode === 'real') scheduleRefresh();
  }
}

async function followEvents() {
  try {
    const headers = S.token ? { Authorization: `Bearer ${S.token}` } : {};
    const res = await fetch('/_mock/events', { headers });
    if (res.status !== 200) throw new Error(`/_mock/events answered ${res.status}`);
    S.streaming = true;
    stopPolling();
    setLive('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        handleEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    // Refused (too many viewers) or dropped: poll, and try the stream again later.
  }
  S.streaming = false;
  startPolling();
  setTimeout(followEvents, 15000);
}

// ---- token gate --------------------------------------------------------------

function askToken(message) {
  document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
  const form = $('#token-form');
  form.hidden = false;
  const err = $('#token-error');
  err.hidden = !message || !S.token;
  err.textContent = message || '';
  $('#token-input').focus();
}

$('#token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  S.token = $('#token-input').value;
  try {
    await api('GET', '/_mock/health');
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    return askToken(e.message);
  }
  sessionStorage.setItem(TOKEN_KEY, S.token);
  $('#token-form').hidden = true;
  boot();
});

// ---- rendering -----------------------------------------------------------------

function renderClock() {
  if (!S.clock) return;
  $('#clock-now').textContent = time(S.clock.now);
  $('#clock-now').setAttribute('datetime', S.clock.now);
  $('#clock-mode').textContent = S.clock.mode;
  const virtual = S.clock.mode === 'virtual';
  document.querySelectorAll('.clock-buttons button').forEach((b) => {
    b.disabled = !virtual;
    b.title = virtual ? b.title : 'Only a virtual clock (--clock virtual) can be advanced';
  });
}

// serve --watch: a save that did not pass its checks stays shown until a valid one.
function renderWatch() {
  const error = S.state && S.state.watch && S.state.watch.error;
  const box = $('#watch-error');
  box.textContent = error ? `--watch: ${error} (the data before the change is still served)` : '';
  box.hidden = !error;
}

function devices() {
  return entitiesOf('fleet');
}

function deviceName(d) {
  return (d.currentUser && d.currentUser.displayName) || (d.hardwareDetail && d.hardwareDetail.model) || d.id;
}

function byNewest(a, b) {
  return (b.createdDateTime || '').localeCompare(a.createdDateTime || '');
}

function currentOperation(d) {
  return (d.operations || []).filter((o) => !TERMINAL.has(o.status)).sort(byNewest)[0];
}

function fillSelect(select, values) {
  const keep = select.value;
  const seen = [...select.options].map((o) => o.value);
  for (const v of values) if (!seen.includes(v)) select.append(el('option', { value: v }, v));
  select.value = keep;
}

function renderFleet() {
  const all = devices();
  const counts = {};
  for (const d of all) counts[d.healthStatus] = (counts[d.healthStatus] || 0) + 1;
  $('#fleet-counts').replaceChildren(
    el('li', {}, el('strong', {}, all.length), 'devices'),
    ...Object.entries(counts).sort().map(([h, n]) => el('li', { 'data-health': h }, el('strong', {}, n), badge(h))));
  const typeSel = $('#fleet-type');
  const healthSel = $('#fleet-health');
  fillSelect(typeSel, [...new Set(all.map((d) => d.deviceType))].sort());
  fillSelect(healthSel, Object.keys(counts).sort());
  const rows = all
    .filter((d) => !typeSel.value || d.deviceType === typeSel.value)
    .filter((d) => !healthSel.value || d.healthStatus === healthSel.value)
    .map((d) => {
      const op = currentOperation(d);
      return el('tr', { 'data-device-id': d.id },
        el('td', {}, el('a', { href: `#device/${d.id}` }, deviceName(d))),
        el('td', {}, d.deviceType),
        el('td', {}, badge(d.healthStatus)),
        el('td', {}, d.activityState),
        el('td', {}, op ? op.operationType : '—'),
        el('td', {}, op ? badge(op.status) : '—'));
    });
  $('#fleet-table tbody').replaceChildren(...rows);
}

function flatten(value, prefix, rows) {
  if (value === null || value === undefined) {
    if (prefix) rows.push([prefix, '—']);
  } else if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) rows.push([prefix, value.join(', ') || '—']);
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, rows));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@odata')) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, rows);
    }
  } else {
    rows.push([prefix, String(value)]);
  }
  return rows;
}

function kvTable(title, rows) {
  return el('div', { class: 'scroll' }, el('table', {},
    el('caption', {}, title),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Property'), el('th', { scope: 'col' }, 'Value'))),
    el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))))));
}

function ms(iso) {
  return iso ? Date.parse(iso) : null;
}

function renderTimeline(d) {
  const now = ms(S.clock.now);
  const span = Number($('#timeline-window').value) * 1000;
  const t0 = now - span * 0.85;
  const t1 = now + span * 0.15;
  const ops = [...(d.operations || [])].sort(byNewest)
    .filter((o) => (ms(o.completedDateTime) ?? now) >= t0).slice(0, 10);
  const W = 1000, LABEL = 190, ROW = 26, TOP = 24;
  const x = (t) => LABEL + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (W - LABEL - 10);
  const H = TOP + Math.max(ops.length, 1) * ROW + 6;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'timeline-title' },
    el('title', { id: 'timeline-title' }, `Operations of ${deviceName(d)} along the mock clock`));
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    svg.append(el('line', { class: 'axis', x1: x(t), x2: x(t), y1: 16, y2: H }),
      el('text', { class: 'tick', x: x(t), y: 12, 'text-anchor': i === 4 ? 'end' : 'middle' }, new Date(t).toISOString().slice(11, 19)));
  }
  svg.append(el('line', { class: 'axis', x1: x(now), x2: x(now), y1: 16, y2: H, 'stroke-dasharray': '4 3', stroke: '#2456c9' }));
  if (!ops.length) svg.append(el('text', { class: 'tick', x: LABEL, y: TOP + 14 }, 'No operation in this window.'));
  ops.forEach((o, i) => {
    const y = TOP + i * ROW;
    const created = ms(o.createdDateTime);
    const started = ms(o.startedDateTime);
    const done = ms(o.completedDateTime);
    const g = el('g', { 'data-operation-id': o.id, 'data-status': o.status, class: 'op' },
      el('title', {}, `${o.operationType}: ${o.status} (created ${time(o.createdDateTime)})`),
      el('text', { class: 'row-label', x: 4, y: y + 15 }, `${o.operationType}`));
    const bar = (from, to, cls) => {
      if (from === null || to < t0 || from > t1) return;
      g.append(el('rect', { class: `bar-${cls}`, x: x(from), y: y + 4, width: Math.max(x(to) - x(from), 3), height: ROW - 10, rx: 3 }));
    };
    bar(created, started ?? done ?? now, 'queued');
    if (started !== null) bar(started, done ?? now, 'inProgress');
    if (done !== null) bar(done, done + (t1 - t0) / 150, o.status);
    svg.append(g);
  });
  $('#timeline').replaceChildren(svg);
}

function renderDevice() {
  const d = devices().find((x) => x.id === S.deviceId);
  if (!d) {
    $('#device-heading').textContent = 'Device not found';
    return;
  }
  $('#device-heading').textContent = `${deviceName(d)} (${d.deviceType})`;
  renderTimeline(d);
  $('#operations-table tbody').replaceChildren(...[...(d.operations || [])].sort(byNewest).map((o) =>
    el('tr', { 'data-operation-id': o.id },
      el('td', {}, o.operationType), el('td', {}, badge(o.status)), el('td', {}, time(o.createdDateTime)),
      el('td', {}, time(o.startedDateTime)), el('td', {}, time(o.completedDateTime)),
      el('td', {}, o.error ? `${o.error.code}: ${o.error.message}` : '—'))));
  const summary = { id: d.id, deviceType: d.deviceType, healthStatus: d.healthStatus, activityState: d.activityState,
    notes: d.notes, companyAssetTag: d.companyAssetTag, currentUser: d.currentUser, hardwareDetail: d.hardwareDetail };
  $('#device-tables').replaceChildren(
    kvTable('Device', flatten(summary, '', [])),
    kvTable('Health', flatten(d.health, '', [])),
    kvTable('Activity', flatten(d.activity, '', [])),
    kvTable('Configuration', flatten(d.configuration, '', [])));
}

// One button per action bound to the fleet's type, sending the manifest's example body.
function renderDeviceActions() {
  const fleet = shown('fleet');
  $('#device-actions').replaceChildren(...(fleet ? actionsOf(fleet.type) : []).map((a) =>
    el('button', { type: 'button', 'data-action': a.name, onclick: () => deviceAction(a).catch(onFailure) },
      actionLabel(a.name))));
}

async function deviceAction(action) {
  const r = await api('POST', actionPath(action, S.deviceId), action.example, { graph: true });
  const out = $('#action-result');
  if (r.status === 202) {
    const location = r.headers.get('Location') || '';
    out.textContent = `${action.name} accepted: operation ${location.split('/').pop()}`;
  } else {
    out.textContent = `${action.name}: ${errorText(r)}`;
  }
  scheduleRefresh();
}

// Each entity of the logs view with its items (log collection requests); a completed one has
// a button per action bound to the items' type, whose answer is a download URL.
function renderLogs() {
  const logs = shown('logs');
  const actions = logs ? actionsOf(logs.items.type) : [];
  const sections = entitiesOf('logs').map((m) => {
    const reqs = m[logs.items.name] || [];
    return el('section', { 'aria-label': m.deviceName },
      el('h3', {}, `${m.deviceName} `, el('span', { class: 'badge' }, `${reqs.length} request${reqs.length === 1 ? '' : 's'}`)),
      reqs.length ? el('div', { class: 'scroll' }, el('table', {},
        el('caption', { class: 'visually-hidden' }, `Log collection requests of ${m.deviceName}`),
        el('thead', {}, el('tr', {}, ['Status', 'Requested', 'Received', 'Expires', 'Size (KB)', 'Download']
          .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, reqs.map((q) => el('tr', { 'data-request-id': q.id },
          el('td', {}, badge(q.status)), el('td', {}, time(q.requestedDateTimeUTC)), el('td', {}, time(q.receivedDateTimeUTC)),
          el('td', {}, time(q.expirationDateTimeUTC)), el('td', {}, q.sizeInKB ?? '—'),
          el('td', {}, q.status === 'completed'
            ? actions.map((a) => el('button', { type: 'button', 'data-action': a.name,
              onclick: (e) => downloadUrl(a, m.id, q.id, e.target).catch(onFailure) }, 'Get download URL'))
            : '—')))))) : el('p', {}, 'No log collection request.'));
  });
  $('#logs-body').replaceChildren(...sections);
}

async function downloadUrl(action, ownerId, itemId, button) {
  const r = await api('POST', actionPath(action, ownerId, itemId), undefined, { graph: true });
  if (r.status !== 200) return showError(`${action.name}: ${errorText(r)}`);
  button.replaceWith(el('a', { href: r.json.value, rel: 'noreferrer' }, 'download'));
}

function journalRows() {
  const method = $('#journal-method').value;
  const path = $('#journal-path').value.trim();
  const status = $('#journal-status').value.trim().toLowerCase();
  const fault = $('#journal-fault').checked;
  const statusOk = (s) => !status || [...String(s)].every((c, i) => status[i] === c || status[i] === 'x') && String(s).length === status.length;
  return S.journal.filter((e) => (!method || e.method === method) && (!path || e.path.includes(path)) &&
    statusOk(e.status) && (!fault || e.fault)).slice(-300).reverse();
}

function renderJournal() {
  const rows = journalRows().map((e) => el('tr', { 'data-seq': e.seq, 'aria-selected': String(e.seq === S.selectedSeq), class: 'selectable', onclick: () => showExchange(e.seq) },
    el('td', {}, el('button', { type: 'button', 'aria-label': `Show exchange ${e.seq}`, onclick: (ev) => { ev.stopPropagation(); showExchange(e.seq); } }, e.seq)),
    el('td', {}, time(e.time).slice(11)), el('td', {}, e.method),
    el('td', { class: 'path' }, e.path + (e.query ? `?${e.query}` : '')),
    el('td', {}, badge(e.status, statusClass(e.status))), el('td', {}, e.fault || ''),
    el('td', {}, e.latencyMs.toFixed(1))));
  $('#journal-table tbody').replaceChildren(...rows);
}

// Violations first (the report's order within each severity), each with its evidence.
function renderVerdicts() {
  const all = S.verdicts ? S.verdicts.value : [];
  const sorted = [...all.filter((v) => v.severity === 'violation'), ...all.filter((v) => v.severity !== 'violation')];
  const items = sorted.map((v) => el('li', { class: `verdict ${v.severity}` },
    badge(v.severity), ' ', el('strong', {}, v.rule), `: ${v.detail} `,
    ...v.entries.map((e) => el('button', { type: 'button', 'aria-label': `Show exchange ${e.seq}`, onclick: () => showExchange(e.seq) }, `#${e.seq}`)),
    el('div', { class: 'explanation' }, v.explanation)));
  $('#verdicts-list').replaceChildren(...(items.length ? items : [el('li', {}, 'No verdicts: the client behaved.')]));
}

function headersTable(caption, headers) {
  return kvTable(caption, Object.entries(headers || {}));
}

function bodyBlock(title, body) {
  return [el('h4', {}, title), el('pre', {}, body === null ? '(no body)' : typeof body === 'string' ? body : JSON.stringify(body, null, 2))];
}

function showExchange(seq) {
  S.selectedSeq = seq;
  const e = S.journal.find((x) => x.seq === seq);
  if (!e) return;
  renderJournal();
  const detail = $('#journal-detail');
  detail.replaceChildren(
    el('h3', {}, `#${e.seq} ${e.method} `, el('span', { class: 'path' }, e.path + (e.query ? `?${e.query}` : ''))),
    el('p', {}, badge(e.status, statusClass(e.status)), ` ${time(e.time)} · ${e.latencyMs.toFixed(1)} ms`,
      e.fault ? ` · fault ${e.fault}` : '', e.delivery !== 'normal' ? ` · delivery ${e.delivery}` : '', ` · request-id ${e.requestId}`),
    headersTable('Request headers', e.request.headers), ...bodyBlock('Request body', e.request.body),
    headersTable('Response headers', e.response.headers), ...bodyBlock('Response body', e.response.body));
  detail.focus({ preventScroll: true });
}

function ruleMatch(r) {
  return `${r.match.method || '*'} ${r.match.path}`;
}

function ruleEffect(r) {
  const parts = [];
  if (r.respond) parts.push(`respond ${r.respond.status}`);
  if (r.throttle) parts.push(`throttle ${r.throttle.limit}/${r.throttle.windowSeconds} s`);
  if (r.latency) parts.push(`latency ${JSON.stringify(r.latency)}`);
  if (r.drop) parts.push(`drop: ${r.drop}`);
  if (r.times) parts.push(`${r.times}×`);
  if (r.probability !== undefined) parts.push(`p=${r.probability}`);
  return parts.join(', ');
}

function saveDisabled() {
  sessionStorage.setItem(DISABLED_KEY, JSON.stringify(S.disabled));
}

async function disableRule(rule) {
  const { state, ...kept } = rule;
  const r = await api('DELETE', `/_mock/faults/${encodeURIComponent(rule.id)}`);
  if (r.status !== 204) return showError(`Disable ${rule.id}: ${errorText(r)}`);
  S.disabled.push(kept);
  saveDisabled();
  await refreshState();
}

async function deleteRule(id) {
  const r = await api('DELETE', `/_mock/faults/${encodeURIComponent(id)}`);
  if (r.status !== 204) showError(`Delete ${id}: ${errorText(r)}`);
  await refreshState();
}

async function enableRule(index) {
  const rule = S.disabled[index];
  const r = await api('POST', '/_mock/faults', rule);
  if (r.status !== 201) return showError(`Enable ${rule.id}: ${errorText(r)}`);
  S.disabled.splice(index, 1);
  saveDisabled();
  await refreshState();
}

function renderFaults() {
  const rules = (S.state && S.state.faults) || [];
  $('#faults-table tbody').replaceChildren(...(rules.length ? rules.map((r) => el('tr', { 'data-rule-id': r.id },
    el('td', {}, r.id), el('td', { class: 'path' }, ruleMatch(r)), el('td', {}, ruleEffect(r)),
    el('td', {}, r.state ? r.state.calls : 0), el('td', {}, r.state ? r.state.fired : 0),
    el('td', {}, el('button', { type: 'button', onclick: () => disableRule(r).catch(onFailure) }, 'Disable'), ' ',
      el('button', { type: 'button', onclick: () => deleteRule(r.id).catch(onFailure) }, 'Delete'))))
    : [el('tr', {}, el('td', { colspan: 6 }, 'No fault rule armed.'))]));
  const throttling = (S.state && S.state.throttling) || { enabled: false, budgets: [] };
  $('#throttling-table').hidden = !throttling.enabled;
  $('#throttling-table tbody').replaceChildren(...throttling.budgets.map((b) => el('tr', {},
    el('td', {}, b.limit), el('td', {}, b.app ?? 'all'), el('td', {}, b.tenant ?? 'all'),
    el('td', {}, `${b.used} / ${b.budget}`), el('td', {}, `${b.windowSeconds} s`),
    el('td', {}, b.retryAfterSeconds === null ? '' : `${b.retryAfterSeconds} s`))));
  const disabledTable = $('#disabled-table');
  disabledTable.hidden = S.disabled.length === 0;
  $('#disabled-table tbody').replaceChildren(...S.disabled.map((r, i) => el('tr', {},
    el('td', {}, r.id), el('td', { class: 'path' }, `${ruleMatch(r)} — ${ruleEffect(r)}`),
    el('td', {}, el('button', { type: 'button', onclick: () => enableRule(i).catch(onFailure) }, 'Enable'), ' ',
      el('button', { type: 'button', onclick: () => { S.disabled.splice(i, 1); saveDisabled(); renderFaults(); } }, 'Forget')))));
  const sc = S.scenarios;
  $('#scenario-active').textContent = (S.state && S.state.scenario && S.state.scenario.name) || 'none';
  if (sc) {
    const select = $('#scenario-select');
    if (select.options.length !== sc.value.length) {
      select.replaceChildren(...sc.value.map((s) => el('option', { value: s.name, title: s.description }, s.name)));
    }
  }
}

const TEMPLATES = {
  429: () => ({ respond: { status: 429, headers: { 'Retry-After': '1' },
    body: { error: { code: 'TooManyRequests', message: 'Armed from the graph-mock dashboard.' } } } }),
  503: () => ({ respond: { status: 503, headers: { 'Retry-After': '1' },
    body: { error: { code: 'serviceNotAvailable', message: 'Armed from the graph-mock dashboard.' } } } }),
  latency: () => ({ latency: { fixedMs: 2000 } }),
  reset: () => ({ drop: 'reset' }),
};

$('#fault-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const method = $('#fault-method').value;
  const rule = { match: { path: $('#fault-path').value.trim() }, ...TEMPLATES[$('#fault-template').value]() };
  if (method !== '*') rule.match.method = method;
  const times = Number($('#fault-times').value);
  if (times > 0) rule.times = times;
  try {
    const r = await api('POST', '/_mock/faults', rule);
    if (r.status !== 201) return showError(`Arm fault: ${errorText(r)}`);
    await refreshState();
  } catch (e) { onFailure(e); }
});

$('#scenario-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const name = $('#scenario-select').value;
    const r = await api('POST', `/_mock/scenarios/${encodeURIComponent(name)}`);
    if (r.status !== 200) return showError(`Load ${name}: ${errorText(r)}`);
    await refreshState();
  } catch (e) { onFailure(e); }
});

$('#reset-button').addEventListener('click', async () => {
  try {
    await api('POST', '/_mock/reset');
    S.journal = [];
    await refreshState();
  } catch (e) { onFailure(e); }
});

$('#journal-clear').addEventListener('click', async () => {
  try {
    await api('DELETE', '/_mock/requests');
    S.journal = [];
    renderJournal();
    await refreshVerdicts();
  } catch (e) { onFailure(e); }
});

async function advance(seconds) {
  const r = await api('POST', '/_mock/clock/advance', { seconds });
  if (r.status !== 200) return showError(`Advance: ${errorText(r)}`);
  S.clock = r.json;
  renderClock();
  await refreshState();
}

document.querySelectorAll('[data-advance]').forEach((b) =>
  b.addEventListener('click', () => advance(Number(b.dataset.advance)).catch(onFailure)));

$('#advance-next').addEventListener('click', async () => {
  try {
    const r = await api('POST', '/_mock/clock/next');
    if (r.status !== 200) return showError(`Next change: ${errorText(r)}`);
    if (r.json.next === null) $('#live').textContent = 'no operation is waiting to change';
    await refreshState();
  } catch (e) { onFailure(e); }
});

['#fleet-type', '#fleet-health'].forEach((s) => $(s).addEventListener('change', renderFleet));
['#journal-method', '#journal-fault'].forEach((s) => $(s).addEventListener('change', renderJournal));
['#journal-path', '#journal-status'].forEach((s) => $(s).addEventListener('input', renderJournal));
$('#timeline-window').addEventListener('change', renderDevice);

// ---- views -------------------------------------------------------------------

function render() {
  if (!S.state) return;
  if (S.view === 'fleet') renderFleet();
  else if (S.view === 'device') renderDevice();
  else if (S.view === 'logs') renderLogs();
  else if (S.view === 'journal') {
    renderJournal();
    renderVerdicts();
  } else if (S.view === 'faults') renderFaults();
}

function route() {
  const [view, id] = (location.hash.slice(1) || 'fleet').split('/');
  S.view = ['fleet', 'device', 'logs', 'journal', 'faults'].includes(view) ? view : 'fleet';
  S.deviceId = id ? decodeURIComponent(id) : null;
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== `view-${S.view}`; });
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.view === (S.view === 'device' ? 'fleet' : S.view)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.body.dataset.view = S.view;
  if (S.view === 'journal') scheduleVerdicts();
  render();
}

async function boot() {
  try {
    await Promise.all([refreshFamilies(), refreshState(), refreshJournal(), refreshScenarios(), refreshVerdicts()]);
  } catch (e) {
    return onFailure(e);
  }
  window.addEventListener('hashchange', route);
  route();
  document.body.dataset.ready = 'true';
  followEvents();
}

(async () => {
  try {
    await api('GET', '/_mock/health');
  } catch (e) {
    return askToken(S.token ? e.message : '');
  }
  boot();
})();
