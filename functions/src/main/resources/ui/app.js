// The run page: a client of RunLedger's public functions (POST /<function>, GET /streamEvents, GET /streamOutput),
// nothing else. Every view is a path of its own (/ui/, /ui/runs/<runId>, /ui/runs/<runId>/units/<unitId>[/attempts/<n>]);
// the token, when the server needs one, is kept for this tab only (sessionStorage) and sent as a Bearer header.
'use strict';

const TOKEN_KEY = 'runledger.token';
const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const UNIT_POLL_MS = 1000;
const RUNS_POLL_MS = 2000;
const EVENT_PAGE = 200;
const EVENTS_KEPT = 2000;
const EVENT_ROWS_SHOWN = 200;
const OUTPUT_CHUNKS_KEPT = 5000;
const RUNS_SHOWN = 200;

const main = document.getElementById('main');
const connection = document.getElementById('connection');

// ---------------------------------------------------------------------------------------------------------------
// Talking to the server

class NeedsToken extends Error {
  constructor(detail) { super(detail); this.detail = detail; }
}

class Problem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.code = problem.code;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function headers(extra) {
  const all = Object.assign({}, extra);
  const t = token();
  if (t) all.Authorization = 'Bearer ' + t;
  return all;
}

let clockSkewMs = 0; // server clock minus this browser's, from the Date header (whole seconds)

function noteServerClock(response) {
  const date = response.headers.get('Date');
  if (date) {
    const skew = Date.parse(date) - Date.now();
    clockSkewMs = Math.abs(skew) > 2000 ? skew : 0;
  }
}

function serverNow() {
  return Date.now() + clockSkewMs;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return { detail: 'HTTP ' + response.status };
  }
}

/** Calls a function: POST /<name> with one JSON object. */
async function call(name, body, signal) {
  const response = await fetch('/' + name, {
    method: 'POST', headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body), signal, cache: 'no-store',
  });
  noteServerClock(response);
  if (response.status === 401) throw new NeedsToken((await problemOf(response)).detail);
  if (!response.ok) throw new Problem(response.status, await problemOf(response));
  return response.json();
}

/** Runs tasks with at most `width` in flight; resolves to their results in order. */
async function limited(items, width, task) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

function sleep(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/**
 * Follows a Server-Sent Events stream with fetch (so the token goes in a header, never in the URL), reconnecting after
 * a dropped connection with Last-Event-ID = the last id received: no gap and no repeat (ids at or below it are
 * dropped). Resolves when the server sends `end`, when the stream is gone (404), or when `signal` aborts.
 */
async function follow(path, params, options) {
  const { signal, onMessage, onEnd } = options;
  let lastId = options.lastId;
  let backoff = 250;
  while (!signal.aborted) {
    let ended = false;
    try {
      const query = new URLSearchParams(params).toString();
      const requestHeaders = headers({ Accept: 'text/event-stream' });
      if (lastId != null) requestHeaders['Last-Event-ID'] = String(lastId);
      const response = await fetch(path + '?' + query, { headers: requestHeaders, signal, cache: 'no-store' });
      if (response.status === 401) throw new NeedsToken((await problemOf(response)).detail);
      if (!response.ok) throw new Problem(response.status, await problemOf(response));
      setConnection('live', 'Live');
      backoff = 250;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let message = {};
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          let line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line === '') {
            if (message.data !== undefined) {
              if (message.event === 'end') {
                ended = true;
                onEnd(JSON.parse(message.data));
              } else {
                const id = message.id !== undefined ? Number(message.id) : null;
                if (id === null || lastId == null || id > lastId) {
                  if (id !== null) lastId = id;
                  onMessage(JSON.parse(message.data));
                }
              }
            }
            message = {};
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1);
            if (field === 'data') message.data = message.data === undefined ? value : message.data + '\n' + value;
            else if (field === 'event') message.event = value;
            else if (field === 'id') message.id = value;
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof NeedsToken || (e instanceof Problem && e.status < 500 && e.status !== 429)) throw e;
    }
    if (ended) return;
    if (signal.aborted) return;
    setConnection('down', 'Reconnecting…');
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, 4000);
  }
}

/** Calls `task` now and again `intervalMs` after each call ends, until `signal` aborts. */
function every(intervalMs, signal, task) {
  (async () => {
    while (!signal.aborted) {
      try {
        await task();
      } catch (e) {
        if (!handled(e)) setConnection('down', 'Server unreachable');
      }
      await sleep(intervalMs, signal);
    }
  })();
}

// ---------------------------------------------------------------------------------------------------------------
// Small pieces of the page

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function setConnection(state, text) {
  connection.className = 'connection ' + state;
  if (connection.textContent !== text) connection.textContent = text;
}

function runPath(runId) {
  return '/ui/runs/' + encodeURIComponent(runId);
}

function unitPath(runId, unitId, attempt) {
  return runPath(runId) + '/units/' + encodeURIComponent(unitId) + (attempt ? '/attempts/' + attempt : '');
}

function crumbs(parts) {
  document.getElementById('crumbs').innerHTML = parts
    .map(([label, href]) => href ? `<a href="${esc(href)}">${esc(label)}</a>` : `<span aria-current="page">${esc(label)}</span>`)
    .join(' / ');
}

function badge(status, label) {
  return `<span class="badge st-${esc(status)}">${esc(label || status)}</span>`;
}

/** "3 s", "4 min", "2 h", "5 d". */
function span(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) return s + ' s';
  if (s < 90 * 60) return Math.round(s / 60) + ' min';
  if (s < 36 * 3600) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}

function when(timestamp) {
  if (!timestamp) return '<span class="muted">—</span>';
  return `<time datetime="${esc(timestamp)}" title="${esc(timestamp)}">${esc(span(serverNow() - Date.parse(timestamp)))} ago</time>`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The time a ULID was made, or NaN for another kind of id. */
function ulidTime(id) {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(id)) return NaN;
  let ms = 0;
  for (const c of id.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(c);
  return ms;
}

function runTime(run) {
  const made = ulidTime(run.id);
  return Number.isNaN(made) ? Date.parse(run.startedAt || run.completedAt || 0) || 0 : made;
}

function meta(pairs) {
  return '<dl class="meta">' + pairs.filter(p => p).map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('') + '</dl>';
}

/**
 * Brings a table body to `items`, one row each, keyed: a row whose cells are unchanged is not touched, a changed cell
 * alone is replaced, and rows move only when the order changed. A table read again every second must not take the
 * keyboard focus from the link a person is on (a body rewritten as a whole would).
 */
function syncRows(body, items, keyOf, cellsOf, dataOf) {
  const existing = new Map([...body.rows].map(row => [row.dataset.key, row]));
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    const cells = cellsOf(item);
    let row = existing.get(key);
    if (row) {
      existing.delete(key);
      cells.forEach((html, i) => { if (row.cellHtml[i] !== html) row.cells[i].outerHTML = html; });
    } else {
      row = document.createElement('tr');
      row.dataset.key = key;
      row.innerHTML = cells.join('');
    }
    row.cellHtml = cells;
    Object.assign(row.dataset, dataOf(item));
    const wanted = previous ? previous.nextElementSibling : body.firstElementChild;
    if (row !== wanted) body.insertBefore(row, wanted);
    previous = row;
  }
  existing.forEach(row => row.remove());
}

function code(value) {
  return value == null ? '<span class="muted">—</span>' : `<code>${esc(value)}</code>`;
}

/** What a unit is doing, for colour and words: its status, refined by its lease and its dependencies. */
function unitState(unit, byId) {
  if (unit.status === 'running') {
    return unit.leaseExpiresAt && Date.parse(unit.leaseExpiresAt) < serverNow() ? 'stuck' : 'running';
  }
  if (unit.status !== 'pending') return unit.status;
  let ready = true;
  for (const dep of unit.dependsOn) {
    const d = byId.get(dep);
    if (d && (d.status === 'failed' || d.status === 'cancelled')) return 'blocked';
    if (!d || d.status !== 'completed') ready = false;
  }
  return ready ? 'ready' : 'waiting';
}

function leaseText(unit) {
  if (!unit.leaseExpiresAt || unit.status !== 'running') return '';
  const left = Date.parse(unit.leaseExpiresAt) - serverNow();
  return left >= 0 ? span(left) + ' left' : 'expired ' + span(left) + ' ago';
}

// ---------------------------------------------------------------------------------------------------------------
// Access: a form for the token when the server asks for one

let showingTokenForm = false;
const controller = new AbortController(); // the current view's work; aborted when the token form replaces it

function handled(error) {
  if (error instanceof NeedsToken) {
    askForToken(token() ? 'The server refused this token: ' + error.detail : null);
    return true;
  }
  return false;
}

function askForToken(message) {
  if (showingTokenForm) {
    if (message) document.getElementById('token-message').textContent = message;
    return;
  }
  showingTokenForm = true;
  controller.abort();
  sessionStorage.removeItem(TOKEN_KEY);
  setConnection('', '');
  main.innerHTML = `<form class="token" id="token-form">
      <h1>Token needed</h1>
      <p>This RunLedger needs a token. A read-only token is enough to look. It is kept for this tab only and sent in a
      header, never in an address.</p>
      <label for="token-input">Token</label>
      <input id="token-input" name="token" type="password" autocomplete="off" required>
      <button type="submit">Open</button>
      <p id="token-message" class="error-text" role="alert">${esc(message || '')}</p>
    </form>`;
  const input = document.getElementById('token-input');
  input.focus();
  document.getElementById('token-form').addEventListener('submit', async event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    try {
      await call('listIncompleteRuns', {});
      location.reload();
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      document.getElementById('token-message').textContent = e instanceof NeedsToken
        ? 'The server refused this token: ' + e.detail
        : 'Could not check the token: ' + e.message;
      input.select();
    }
  });
}

const forget = document.getElementById('forget');
forget.hidden = !token();
forget.addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); location.reload(); });

/**
 * The view has what it shows first: marks the document (tests wait on it), and after the next frame is painted notes
 * how long that took since the navigation began (the benchmark reads it).
 */
function markReady() {
  if (main.dataset.ready) return;
  main.dataset.ready = 'true';
  requestAnimationFrame(() => setTimeout(() => { main.dataset.readyMs = String(Math.round(performance.now())); }));
}

function failed(error) {
  if (handled(error)) return;
  main.innerHTML = `<p class="notice error-text" role="alert">${esc(error.message)}</p>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs: every run by status, newest first, refreshed

async function runsView(signal) {
  const wanted = new URLSearchParams(location.search).get('status') || 'all';
  crumbs([['Runs']]);
  document.title = 'Runs · RunLedger';
  main.innerHTML = `<h1>Runs</h1>
    <div class="filters" role="group" aria-label="Status">
      ${['all'].concat(RUN_STATUSES).map(s => `<a href="/ui/${s === 'all' ? '' : '?status=' + s}"
        ${s === wanted ? 'aria-current="page"' : ''}>${s === wanted ? `<strong>${s}</strong>` : s}</a>`).join(' ')}
    </div>
    <p id="runs-note" class="muted" aria-live="polite"></p>
    <div class="scroll"><table id="runs"><caption class="muted">Newest first</caption><thead><tr>
      <th scope="col">Run</th><th scope="col">Status</th><th scope="col">Branch</th><th scope="col">Repository</th>
      <th scope="col">Age</th><th scope="col">Units</th></tr></thead><tbody></tbody></table></div>`;
  const body = document.querySelector('#runs tbody');
  const counts = new Map(); // runId -> {status: n}, refreshed for runs that are not finished
  every(RUNS_POLL_MS, signal, async () => {
    const statuses = wanted === 'all' ? RUN_STATUSES : [wanted];
    const lists = await Promise.all(statuses.map(status => call('listRunsByStatus', { status }, signal)));
    const runs = lists.flatMap(list => list.runs).sort((a, b) => runTime(b) - runTime(a) || (a.id < b.id ? 1 : -1));
    const shown = runs.slice(0, RUNS_SHOWN);
    await limited(shown.filter(run => !TERMINAL.has(run.status) || !counts.has(run.id)), 6, async run => {
      try {
        const units = (await call('listUnits', { runId: run.id }, signal)).units;
        const byStatus = {};
        for (const unit of units) byStatus[unit.status] = (byStatus[unit.status] || 0) + 1;
        counts.set(run.id, byStatus);
      } catch (e) {
        if (!(e instanceof Problem && e.code === 'run-not-found')) throw e;
      }
    });
    const note = runs.length > RUNS_SHOWN
      ? `Showing the newest ${RUNS_SHOWN} of ${runs.length} runs.` : `${runs.length} run${runs.length === 1 ? '' : 's'}.`;
    const noteBox = document.getElementById('runs-note');
    if (noteBox.textContent !== note) noteBox.textContent = note;
    syncRows(body, shown, run => run.id, run => {
      const c = counts.get(run.id) || {};
      const unitCounts = Object.keys(c).length === 0 ? '<span class="muted">none</span>'
        : RUN_STATUSES.filter(s => c[s]).map(s => badge(s, c[s] + ' ' + s)).join('');
      return [`<td><a href="${esc(runPath(run.id))}">${esc(run.id)}</a></td>`, `<td>${badge(run.status)}</td>`,
        `<td>${esc(run.featureBranch)} → ${esc(run.targetBranch)}</td>`, `<td>${esc(run.repoPath)}</td>`,
        `<td>${when(run.startedAt || (Number.isNaN(ulidTime(run.id)) ? run.completedAt : new Date(runTime(run)).toISOString()))}</td>`,
        `<td class="counts">${unitCounts}</td>`];
    }, run => ({ run: run.id, status: run.status }));
    markReady();
    setConnection('live', 'Live');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// A run: its units as a dependency graph, the attempts as a timeline, the event log live, its merges

const NODE_W = 244;
const NODE_H = 40;
const GAP_X = 56;
const GAP_Y = 12;
const ROWS_PER_COLUMN = 25;

/** Layers by longest path from the units without dependencies; a layer wider than a column wraps into more. */
function layout(units) {
  const byId = new Map(units.map(u => [u.unitId, u]));
  const layer = new Map();
  const depth = id => {
    if (layer.has(id)) return layer.get(id);
    layer.set(id, 0); // dependencies form no cycle (the store refuses one); this only guards against a malformed answer
    const unit = byId.get(id);
    let d = 0;
    for (const dep of unit.dependsOn) if (byId.has(dep)) d = Math.max(d, depth(dep) + 1);
    layer.set(id, d);
    return d;
  };
  units.forEach(u => depth(u.unitId));
  const layers = [];
  for (const u of units) (layers[layer.get(u.unitId)] ||= []).push(u);
  const position = new Map();
  let column = 0;
  for (const members of layers) {
    if (!members) continue;
    // Order by the mean row of what each depends on (fewer crossings), then by unitId.
    const key = u => {
      const rows = u.dependsOn.filter(d => position.has(d)).map(d => position.get(d).row);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : -1;
    };
    members.sort((a, b) => key(a) - key(b) || (a.unitId < b.unitId ? -1 : 1));
    members.forEach((u, i) => position.set(u.unitId, {
      column: column + Math.floor(i / ROWS_PER_COLUMN), row: i % ROWS_PER_COLUMN,
    }));
    column += Math.ceil(members.length / ROWS_PER_COLUMN);
  }
  const rows = Math.min(ROWS_PER_COLUMN, Math.max(1, ...layers.filter(Boolean).map(l => l.length)));
  return { position, width: Math.max(1, column) * (NODE_W + GAP_X), height: rows * (NODE_H + GAP_Y) + GAP_Y };
}

function shortText(text, max) {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function nodeSubtitle(unit, state) {
  const parts = [state];
  if (unit.attempt > 0) parts.push('#' + unit.attempt);
  if (unit.leaseOwner && unit.status === 'running') parts.push(unit.leaseOwner);
  const lease = leaseText(unit);
  if (lease) parts.push(lease);
  return shortText(parts.join(' · '), 40);
}

function unitLabel(unit, state) {
  return `unit ${unit.unitId}: ${state}` + (unit.attempt ? `, attempt ${unit.attempt}` : '')
    + (unit.leaseOwner && unit.status === 'running' ? `, held by ${unit.leaseOwner}` : '')
    + (leaseText(unit) ? `, lease ${leaseText(unit)}` : '');
}

function drawGraph(runId, units, box) {
  const { position, width, height } = layout(units);
  const x = p => GAP_X / 2 + p.column * (NODE_W + GAP_X);
  const y = p => GAP_Y + p.row * (NODE_H + GAP_Y);
  const edges = [];
  for (const u of units) {
    const to = position.get(u.unitId);
    for (const dep of u.dependsOn) {
      const from = position.get(dep);
      if (!from) continue;
      const x1 = x(from) + NODE_W, y1 = y(from) + NODE_H / 2, x2 = x(to), y2 = y(to) + NODE_H / 2;
      const bend = Math.max(20, (x2 - x1) / 2);
      edges.push(`<path class="edge" marker-end="url(#arrow)" d="M${x1} ${y1}C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}"/>`);
    }
  }
  const nodes = units.map(u => {
    const p = position.get(u.unitId);
    return `<a class="node" data-unit="${esc(u.unitId)}" href="${esc(unitPath(runId, u.unitId))}" transform="translate(${x(p)} ${y(p)})">
      <rect width="${NODE_W}" height="${NODE_H}" rx="6"/>
      <text x="8" y="16">${esc(shortText(u.unitId, 34))}</text><text class="sub" x="8" y="32"></text></a>`;
  });
  box.innerHTML = `<svg role="group" aria-label="Dependency graph of the units, left to right" width="${width}" height="${height}"
      viewBox="0 0 ${width} ${height}"><defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6"
      markerHeight="6" orient="auto"><path d="M0 0L6 3L0 6z" fill="#8c959f"/></marker></defs>
      <g>${edges.join('')}</g><g>${nodes.join('')}</g></svg>`;
  const elements = new Map();
  box.querySelectorAll('.node').forEach(n => elements.set(n.dataset.unit, n));
  return elements;
}

async function runView(signal, runId) {
  crumbs([['Runs', '/ui/'], [runId]]);
  document.title = runId + ' · RunLedger';
  main.innerHTML = `<h1>Run <span id="run-id">${esc(runId)}</span></h1><div id="run-meta"></div>
    <h2 id="units-heading">Units</h2>
    <div class="legend" aria-hidden="true">${['waiting', 'ready', 'running', 'stuck', 'completed', 'failed', 'blocked', 'cancelled'].map(s => badge(s)).join('')}</div>
    <div id="graph" class="scroll graph"><p class="muted">Loading units…</p></div>
    <details id="unit-table-box"><summary>Units as a table</summary><div class="scroll"><table id="unit-table">
      <thead><tr><th scope="col">Unit</th><th scope="col">Status</th><th scope="col" class="num">Attempt</th>
      <th scope="col">Lease owner</th><th scope="col">Lease</th><th scope="col">Depends on</th><th scope="col">Error</th></tr></thead>
      <tbody></tbody></table></div></details>
    <h2>Attempts</h2><div id="timeline" class="scroll timeline"><p class="muted">Loading attempts…</p></div>
    <h2>Events</h2>
    <div class="filters">
      <label for="event-unit">Unit</label><select id="event-unit"><option value="">all</option></select>
      <label for="event-type">Type</label><select id="event-type"><option value="">all</option></select>
      <button type="button" id="earlier">Load earlier events</button>
      <span id="event-note" class="muted"></span>
    </div>
    <div class="log-row log-head" aria-hidden="true"><span class="num">Seq</span><span>Time</span><span>Type</span>
      <span>Unit</span><span>Payload</span></div>
    <div class="scroll events" id="events-box" tabindex="0" aria-label="Event log"><ol id="events" class="log"></ol></div>
    <h2>Merges</h2><div id="merges"><p class="muted">Loading merges…</p></div>`;

  // Run header
  let run = null;
  const drawRun = () => {
    document.getElementById('run-meta').innerHTML = meta([
      ['Status', badge(run.status)], ['Branch', `${esc(run.featureBranch)} → ${esc(run.targetBranch)}`],
      ['Repository', esc(run.repoPath)], ['Tasks', esc(run.tasksDir)], ['Parallelism', esc(run.parallelism)],
      ['Attempt', esc(run.attempt)], ['Started', when(run.startedAt)], ['Completed', when(run.completedAt)],
      run.error ? ['Error', `<span class="error-text">${esc(run.error)}</span>`] : null,
    ]);
  };

  // Units: the graph is drawn again only when the set of units or their dependencies change; otherwise each poll only
  // moves colours and words.
  let units = [];
  let shape = '';
  let nodes = new Map();
  const graphBox = document.getElementById('graph');
  const tableBody = document.querySelector('#unit-table tbody');
  const tableBox = document.getElementById('unit-table-box');
  tableBox.addEventListener('toggle', () => paintUnits());
  const unitFilter = document.getElementById('event-unit');
  const paintUnits = () => {
    const byId = new Map(units.map(u => [u.unitId, u]));
    for (const u of units) {
      const node = nodes.get(u.unitId);
      if (!node) continue;
      const state = unitState(u, byId);
      const text = nodeSubtitle(u, state);
      const owner = u.status === 'running' ? (u.leaseOwner || '') : '';
      const painted = state + '|' + u.status + '|' + owner + '|' + text;
      if (node.painted === painted) continue; // an unchanged node is not touched: 1,000 of them poll each second
      node.painted = painted;
      node.setAttribute('class', 'node st-' + state);
      node.dataset.status = u.status;
      node.dataset.owner = owner;
      node.setAttribute('aria-label', unitLabel(u, state));
      node.querySelector('text.sub').textContent = text;
    }
    if (!tableBox.open) return; // 1,000 rows each second only for whoever looks at them
    syncRows(tableBody, units, u => u.unitId, u => [
      `<th scope="row"><a href="${esc(unitPath(runId, u.unitId))}">${esc(u.unitId)}</a></th>`,
      `<td>${badge(unitState(u, byId))}</td>`, `<td class="num">${u.attempt}</td>`,
      `<td>${esc(u.status === 'running' ? u.leaseOwner || '' : '')}</td>`, `<td>${esc(leaseText(u))}</td>`,
      `<td>${esc(u.dependsOn.join(', '))}</td>`, `<td>${esc(u.error || '')}</td>`,
    ], u => ({ unit: u.unitId, status: u.status }));
  };
  const loadUnits = async () => {
    units = (await call('listUnits', { runId }, signal)).units;
    const nextShape = units.map(u => u.unitId + ':' + u.dependsOn.join(',')).join(';');
    if (nextShape !== shape) {
      shape = nextShape;
      if (units.length === 0) {
        graphBox.innerHTML = '<p class="muted">No units yet.</p>';
        nodes = new Map();
      } else {
        nodes = drawGraph(runId, units, graphBox);
      }
      const chosen = unitFilter.value;
      unitFilter.innerHTML = '<option value="">all</option>' + units.map(u => `<option>${esc(u.unitId)}</option>`).join('');
      unitFilter.value = chosen;
      document.getElementById('units-heading').textContent = `Units (${units.length})`;
    }
    paintUnits();
    timeline.refresh(units);
  };

  const timeline = attemptTimeline(runId, document.getElementById('timeline'), signal);
  const events = eventLog(runId, signal);

  try {
    run = await call('getRun', { id: runId }, signal);
    drawRun();
    await Promise.all([loadUnits(), events.start()]);
  } catch (e) {
    if (e instanceof Problem && e.code === 'run-not-found') {
      main.innerHTML = `<h1>Run ${esc(runId)}</h1><p class="notice" role="alert">No such run: it was never created, or it was deleted.</p>`;
      return;
    }
    throw e;
  }
  markReady();

  every(UNIT_POLL_MS, signal, loadUnits);
  every(RUNS_POLL_MS, signal, async () => {
    const now = await call('getRun', { id: runId }, signal);
    const reopened = TERMINAL.has(run.status) && !TERMINAL.has(now.status);
    run = now;
    drawRun();
    if (reopened) events.resume();
  });
  every(5000, signal, async () => drawMerges(runId, document.getElementById('merges'), signal));

}

async function drawMerges(runId, box, signal) {
  const merges = (await call('listMerges', { runId }, signal)).merges;
  if (merges.length === 0) {
    box.innerHTML = '<p class="muted">No merges recorded.</p>';
    return;
  }
  let body = box.querySelector('tbody');
  if (!body) {
    box.innerHTML = `<div class="scroll"><table><thead><tr><th scope="col">Unit</th><th scope="col" class="num">Attempt</th>
      <th scope="col">Into</th><th scope="col">Kind</th><th scope="col">Commit</th><th scope="col">Pull request</th>
      <th scope="col">Merged</th></tr></thead><tbody></tbody></table></div>`;
    body = box.querySelector('tbody');
  }
  syncRows(body, merges, m => m.id, m => [
    `<td>${m.unitId ? `<a href="${esc(unitPath(runId, m.unitId, m.attempt))}">${esc(m.unitId)}</a>` : '<span class="muted">the run</span>'}</td>`,
    `<td class="num">${esc(m.attempt ?? '')}</td>`, `<td>${esc(m.targetBranch)}</td>`, `<td>${esc(m.kind)}</td>`,
    `<td>${code(m.mergeCommit)}</td>`,
    `<td>${m.pr ? `${/^https?:\/\//i.test(m.pr.url) ? `<a href="${esc(m.pr.url)}" rel="noreferrer">#${esc(m.pr.number)}</a>` : '#' + esc(m.pr.number)} ${badge(m.pr.status === 'merged' ? 'completed' : m.pr.status === 'closed' ? 'cancelled' : 'running', m.pr.status)}` : ''}</td>`,
    `<td>${when(m.mergedAt)}</td>`,
  ], m => ({ merge: m.id }));
}

/**
 * Every attempt of every unit as bars on one time axis; a unit's attempts are read again when its attempt or status
 * changes. The axis reaches a little past now, so that each second only the running bars grow (drawn in place); the
 * whole chart is drawn again when an attempt changes or now passes the axis' end.
 */
function attemptTimeline(runId, box, signal) {
  const attempts = new Map(); // unitId -> [Attempt]
  const seen = new Map(); // unitId -> "attempt:status" last read
  const labelW = 180, width = 1000, rowH = 18, plot = width - labelW - 10;
  let order = [];
  let reading = false;
  let axis = null; // {start, end} of the chart drawn
  const at = t => labelW + (t - axis.start) / (axis.end - axis.start) * plot;
  const draw = () => {
    const rows = order.filter(id => (attempts.get(id) || []).length);
    let start = Infinity, end = -Infinity;
    const now = serverNow();
    for (const id of rows) for (const a of attempts.get(id)) {
      if (!a.startedAt) continue;
      start = Math.min(start, Date.parse(a.startedAt));
      end = Math.max(end, a.completedAt ? Date.parse(a.completedAt) : now);
    }
    if (!Number.isFinite(start)) {
      axis = null;
      box.innerHTML = '<p class="muted">No unit has started yet.</p>';
      return;
    }
    axis = { start, end: Math.max(end, start + 1000) + Math.max(30_000, (end - start) / 5) };
    const bars = rows.map((id, i) => {
      const y = 20 + i * rowH;
      return `<text class="label" x="4" y="${y + 12}">${esc(shortText(id, 26))}</text>` + attempts.get(id).filter(a => a.startedAt).map(a => {
        const x1 = at(Date.parse(a.startedAt));
        const x2 = Math.max(x1 + 3, at(a.completedAt ? Date.parse(a.completedAt) : now));
        return `<rect class="bar-${esc(a.status)}" data-unit="${esc(id)}" data-attempt="${a.attempt}"
          ${a.completedAt ? '' : `data-started="${Date.parse(a.startedAt)}"`} x="${x1.toFixed(1)}" y="${y + 3}"
          width="${(x2 - x1).toFixed(1)}" height="${rowH - 6}" rx="2"><title>${esc(id)} attempt ${a.attempt}: ${esc(a.status)}${a.owner ? ' (' + esc(a.owner) + ')' : ''}</title></rect>`;
      }).join('');
    }).join('');
    const height = 24 + rows.length * rowH;
    box.innerHTML = `<svg role="img" aria-label="Timeline of ${rows.length} units' attempts from ${esc(new Date(start).toISOString())}; lost attempts dashed"
      width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
      <text class="axis" x="${labelW}" y="12">${esc(new Date(axis.start).toLocaleTimeString())}</text>
      <text class="axis" x="${width - 10}" y="12" text-anchor="end">${esc(new Date(axis.end).toLocaleTimeString())}</text>
      ${bars}</svg>`;
  };
  const grow = () => {
    const now = serverNow();
    if (!axis || now > axis.end) {
      draw();
      return;
    }
    for (const bar of box.querySelectorAll('rect[data-started]')) {
      const x1 = at(Number(bar.dataset.started));
      bar.setAttribute('width', Math.max(3, at(now) - x1).toFixed(1));
    }
  };
  return {
    refresh(units) {
      order = units.map(u => u.unitId);
      if (reading) return;
      const changed = units.filter(u => u.attempt > 0 && seen.get(u.unitId) !== u.attempt + ':' + u.status);
      if (changed.length === 0) {
        grow();
        return;
      }
      reading = true;
      limited(changed, 4, async u => {
        const read = (await call('listUnitAttempts', { runId, unitId: u.unitId }, signal)).attempts;
        attempts.set(u.unitId, read);
        seen.set(u.unitId, u.attempt + ':' + u.status);
      }).catch(e => { if (!handled(e) && !signal.aborted) setConnection('down', 'Server unreachable'); })
        .finally(() => { reading = false; draw(); });
    },
  };
}

/** The run's event log: the last page, then live from streamEvents; filters apply to what the page holds. */
function eventLog(runId, signal) {
  const held = []; // the events the page holds, in sequence order
  const body = document.getElementById('events');
  const box = document.getElementById('events-box');
  const unitFilter = document.getElementById('event-unit');
  const typeFilter = document.getElementById('event-type');
  const note = document.getElementById('event-note');
  const types = new Set();
  let lastSequence = 0;
  let firstHeld = 1;
  let pending = [];
  let following = false;
  let scheduled = false;

  const matches = e => (!unitFilter.value || e.unitId === unitFilter.value) && (!typeFilter.value || e.eventType === typeFilter.value);
  // A list of rows laid out as a grid, not a table: a row off screen is skipped by layout and paint
  // (content-visibility), which a table row cannot be, so a new event costs the same with 20 rows or 500.
  const row = e => `<li class="log-row" data-sequence="${e.sequence}"><span class="num">${e.sequence}</span><time datetime="${esc(e.createdAt)}">${esc(new Date(e.createdAt).toLocaleTimeString())}</time>
    <span>${esc(e.eventType)}</span><span>${esc(e.unitId || '')}</span><span class="payload">${esc(shortText(e.payload === null ? '' : JSON.stringify(e.payload), 400))}</span></li>`;
  const noteTypes = list => {
    let added = false;
    for (const e of list) if (!types.has(e.eventType)) { types.add(e.eventType); added = true; }
    if (added) {
      const chosen = typeFilter.value;
      typeFilter.innerHTML = '<option value="">all</option>' + [...types].sort().map(t => `<option>${esc(t)}</option>`).join('');
      typeFilter.value = chosen;
    }
  };
  const atBottom = () => box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const redraw = () => {
    const shown = held.filter(matches).slice(-EVENT_ROWS_SHOWN);
    body.innerHTML = shown.map(row).join('');
    box.scrollTop = box.scrollHeight;
    describe();
  };
  const describe = () => {
    note.textContent = `${held.length} of ${lastSequence} events held` + (firstHeld > 1 ? `, from ${firstHeld}` : '')
      + (following ? '; following' : '');
  };
  // Appends arrive at any rate; the table is changed once per frame, and holds at most EVENT_ROWS_SHOWN rows.
  const flush = () => {
    scheduled = false;
    const follow = atBottom();
    const arrived = pending;
    pending = [];
    noteTypes(arrived);
    const fresh = arrived.filter(matches);
    if (fresh.length) {
      body.insertAdjacentHTML('beforeend', fresh.slice(-EVENT_ROWS_SHOWN).map(row).join(''));
      while (body.childElementCount > EVENT_ROWS_SHOWN) body.firstElementChild.remove();
      if (follow) box.scrollTop = box.scrollHeight;
    }
    describe();
  };
  const take = e => {
    if (e.sequence <= lastSequence) return; // resumed: never a repeat
    lastSequence = e.sequence;
    held.push(e);
    if (held.length > EVENTS_KEPT) {
      held.splice(0, held.length - EVENTS_KEPT);
      firstHeld = held[0].sequence;
    }
    pending.push(e);
    if (!scheduled) { // at most ten changes of the table a second, each in a frame
      scheduled = true;
      setTimeout(() => requestAnimationFrame(flush), 100);
    }
  };
  const stream = async () => {
    following = true;
    describe();
    try {
      await follow('/streamEvents', { runId }, {
        signal, lastId: lastSequence, onMessage: take,
        onEnd: end => { lastSequence = Math.max(lastSequence, end.lastSequence); },
      });
    } catch (e) {
      if (!handled(e) && !(e instanceof Problem && e.code === 'run-not-found')) setConnection('down', e.message);
    }
    following = false;
    describe();
  };
  unitFilter.addEventListener('change', redraw);
  typeFilter.addEventListener('change', redraw);
  document.getElementById('earlier').addEventListener('click', async () => {
    if (firstHeld <= 1) return;
    const from = Math.max(0, firstHeld - 1 - EVENT_PAGE);
    try {
      const page = await call('listEvents', { runId, afterSequence: from, limit: firstHeld - 1 - from }, signal);
      held.unshift(...page.events.filter(e => e.sequence < firstHeld));
      firstHeld = from + 1;
      noteTypes(page.events);
      const top = box.scrollHeight - box.scrollTop;
      body.innerHTML = held.filter(matches).slice(0, EVENT_ROWS_SHOWN).map(row).join('');
      box.scrollTop = Math.max(0, box.scrollHeight - top);
      describe();
    } catch (e) {
      if (!handled(e)) note.textContent = e.message;
    }
  });
  return {
    async start() {
      const head = await call('listEvents', { runId, afterSequence: 0, limit: 1 }, signal);
      const from = Math.max(0, head.lastSequence - EVENT_PAGE);
      const page = head.lastSequence <= 1 ? head : await call('listEvents', { runId, afterSequence: from, limit: EVENT_PAGE }, signal);
      held.push(...page.events);
      firstHeld = held.length ? held[0].sequence : head.lastSequence + 1;
      lastSequence = held.length ? held[held.length - 1].sequence : 0;
      noteTypes(held);
      redraw();
      stream();
    },
    resume() {
      if (!following) stream();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An attempt: what it did, and its output live

async function attemptView(signal, runId, unitId, wanted) {
  crumbs([['Runs', '/ui/'], [runId, runPath(runId)], [unitId]]);
  document.title = unitId + ' · ' + runId + ' · RunLedger';
  let unit;
  try {
    unit = await call('getUnit', { runId, unitId }, signal);
  } catch (e) {
    if (e instanceof Problem && e.status === 404) {
      main.innerHTML = `<h1>Unit ${esc(unitId)}</h1><p class="notice" role="alert">${esc(e.message)}</p>`;
      return;
    }
    throw e;
  }
  const number = wanted || unit.attempt;
  main.innerHTML = `<h1>Unit <span>${esc(unitId)}</span>${number ? ', attempt ' + number : ''}</h1>
    <div id="unit-meta"></div><nav aria-label="Attempts"><ul id="attempt-list" class="attempts"></ul></nav>
    <div id="attempt"></div>`;
  const drawUnit = () => {
    document.getElementById('unit-meta').innerHTML = meta([
      ['Status', badge(unit.status)], ['Attempts', esc(unit.attempt)], ['Branch', code(unit.branch)],
      ['Worktree', code(unit.worktreePath)], ['Depends on', esc(unit.dependsOn.join(', ') || '—')],
      unit.status === 'running' ? ['Lease', esc((unit.leaseOwner || '') + ' ' + leaseText(unit))] : null,
      unit.error ? ['Error', `<span class="error-text">${esc(unit.error)}</span>`] : null,
    ]);
  };
  drawUnit();
  if (!number) {
    document.getElementById('attempt').innerHTML = '<p class="notice">This unit has not started: it has no attempt yet.</p>';
    markReady();
    every(UNIT_POLL_MS, signal, async () => {
      const now = await call('getUnit', { runId, unitId }, signal);
      if (now.attempt > 0) location.reload();
    });
    return;
  }
  const list = (await call('listUnitAttempts', { runId, unitId }, signal)).attempts;
  document.getElementById('attempt-list').innerHTML = list.map(a => `<li><a href="${esc(unitPath(runId, unitId, a.attempt))}"
    ${a.attempt === number ? 'aria-current="page"' : ''}>Attempt ${a.attempt}</a> ${badge(a.status)}</li>`).join('');
  const box = document.getElementById('attempt');
  let attempt;
  try {
    attempt = await call('getAttempt', { runId, unitId, attempt: number }, signal);
  } catch (e) {
    if (e instanceof Problem && e.code === 'attempt-not-found') {
      box.innerHTML = `<p class="notice" role="alert">${esc(e.message)}</p>`;
      return;
    }
    throw e;
  }
  box.innerHTML = `<div id="attempt-meta"></div>
    <h2>Summary</h2><div id="summary"></div>
    <h2>Prompt</h2><div id="prompt"></div>
    <h2>Result</h2><div id="result"></div>
    <h2>Output</h2>
    <div class="filters"><label for="output-stream">Stream</label><select id="output-stream">
      <option value="">all</option><option>agent</option><option>stdout</option><option>stderr</option></select>
      <span id="output-note" class="muted"></span></div>
    <pre id="output" class="output scroll" tabindex="0" aria-label="Output"></pre>`;
  const drawAttempt = () => {
    const agent = attempt.agent || {};
    const git = attempt.git || {};
    const ended = attempt.completedAt ? Date.parse(attempt.completedAt) : serverNow();
    document.getElementById('attempt-meta').innerHTML = meta([
      ['Status', badge(attempt.status)], ['Owner', esc(attempt.owner || '—')], ['Started', when(attempt.startedAt)],
      ['Completed', when(attempt.completedAt)],
      ['Took', attempt.startedAt ? esc(span(ended - Date.parse(attempt.startedAt))) : '—'],
      ['Exit code', attempt.exitCode == null ? '—' : `<span data-field="exitCode">${esc(attempt.exitCode)}</span>`],
      attempt.error ? ['Error', `<span class="error-text">${esc(attempt.error)}</span>`] : null,
      ['Agent', [agent.name, agent.provider, agent.model].filter(Boolean).map(esc).join(' · ') || '—'],
      agent.sessionId ? ['Session', code(agent.sessionId)] : null, agent.pid != null ? ['Pid', esc(agent.pid)] : null,
      ['Git branch', code(git.branch)], ['Worktree', code(git.worktreePath)], ['Base', code(git.baseCommit)],
      ['Head before', code(git.headBefore)], ['Head after', code(git.headAfter)],
    ]);
    document.getElementById('summary').innerHTML = attempt.summary == null ? '<p class="muted">None recorded.</p>'
      : `<pre class="block" data-field="summary">${esc(attempt.summary)}</pre>`;
    document.getElementById('result').innerHTML = attempt.result == null ? '<p class="muted">None recorded.</p>'
      : `<pre class="block">${esc(JSON.stringify(attempt.result, null, 2))}</pre>`;
  };
  drawAttempt();
  document.getElementById('prompt').innerHTML = attempt.prompt == null ? '<p class="muted">None recorded.</p>'
    : `<details><summary>Show the prompt (${esc(attempt.prompt.length)} characters)</summary><pre class="block">${esc(attempt.prompt)}</pre></details>`;
  markReady();
  output(runId, unitId, number, attempt.outputPruned, signal);
  every(2000, signal, async () => {
    if (TERMINAL.has(attempt.status) || attempt.status === 'lost') return;
    attempt = await call('getAttempt', { runId, unitId, attempt: number }, signal);
    unit = await call('getUnit', { runId, unitId }, signal);
    drawAttempt();
    drawUnit();
  });
}

function output(runId, unitId, attempt, pruned, signal) {
  const pre = document.getElementById('output');
  const note = document.getElementById('output-note');
  const filter = document.getElementById('output-stream');
  const chunks = [];
  let pending = [];
  let scheduled = false;
  let ended = null;
  const piece = c => {
    const span = document.createElement('span');
    span.className = c.stream;
    span.textContent = c.text;
    return span;
  };
  const describe = () => {
    note.textContent = pruned ? 'This attempt\'s output was pruned (retention); its record stays.'
      : `${chunks.length} chunk${chunks.length === 1 ? '' : 's'}` + (ended ? `; the attempt is ${ended.attemptStatus}` : '; following');
  };
  const flush = () => {
    scheduled = false;
    const follow = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    const fragment = document.createDocumentFragment();
    for (const c of pending) if (!filter.value || c.stream === filter.value) fragment.appendChild(piece(c));
    pending = [];
    pre.appendChild(fragment);
    while (pre.childNodes.length > OUTPUT_CHUNKS_KEPT) pre.removeChild(pre.firstChild);
    if (follow) pre.scrollTop = pre.scrollHeight;
    describe();
  };
  filter.addEventListener('change', () => {
    pre.replaceChildren(...chunks.filter(c => !filter.value || c.stream === filter.value).map(piece));
    pre.scrollTop = pre.scrollHeight;
  });
  describe();
  if (pruned) return;
  follow('/streamOutput', { runId, unitId, attempt }, {
    signal, lastId: 0,
    onMessage: c => {
      chunks.push(c);
      if (chunks.length > OUTPUT_CHUNKS_KEPT) chunks.shift();
      pending.push(c);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    onEnd: end => { ended = end; describe(); setConnection('', 'Attempt closed'); },
  }).catch(e => { if (!handled(e)) note.textContent = e.message; });
}

// ---------------------------------------------------------------------------------------------------------------
// Which view this path is

function route() {
  const parts = location.pathname.replace(/^\/ui\/?/, '').split('/').filter(p => p !== '').map(decodeURIComponent);
  if (parts.length === 0) return runsView(controller.signal);
  if (parts[0] === 'runs' && parts.length === 2) return runView(controller.signal, parts[1]);
  if (parts[0] === 'runs' && parts[2] === 'units' && parts.length === 4) return attemptView(controller.signal, parts[1], parts[3], 0);
  if (parts[0] === 'runs' && parts[2] === 'units' && parts[4] === 'attempts' && parts.length === 6) {
    return attemptView(controller.signal, parts[1], parts[3], Number(parts[5]));
  }
  main.innerHTML = '<p class="notice" role="alert">Nothing is shown at this address. <a href="/ui/">All runs</a>.</p>';
  return Promise.resolve();
}

route().catch(failed);
