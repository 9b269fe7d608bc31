// AskFlow's web app: plain ES modules, no build step. It talks to the same JSON API as any client, with the
// HttpOnly session cookie the sign-in set and the CSRF token from the XSRF-TOKEN cookie on every change.
import { escapeHtml, renderMarkdown } from './markdown.js';

const FINAL = new Set(['completed', 'failed', 'rejected', 'cancelled']);
const main = document.getElementById('main');
const state = { user: null, admin: false, conversation: null, stream: null, poll: null };

// ---------------------------------------------------------------- API

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401 && state.user && path !== '/me') {
      state.user = null;
      route();
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

// ---------------------------------------------------------------- helpers

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'html') node.innerHTML = value; // only ever markdown.js output
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...nodes) {
  stopWatching();
  main.replaceChildren(...nodes);
}

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { hour12: false }) : '—';
}

function duration(from, to) {
  if (!from || !to) return '';
  const ms = new Date(to) - new Date(from);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function money(usd) {
  if (usd === null || usd === undefined) return null;
  return usd < 0.01 ? `$${usd.toFixed(6)}` : `$${usd.toFixed(4)}`;
}

function badge(status) {
  return el('span', { class: `badge ${status}` }, status);
}

function errorBox(error) {
  const text = error instanceof ApiError ? error.message : 'Something went wrong; try again.';
  return el('p', { class: 'error', role: 'alert' }, text);
}

function usageLine(q) {
  const parts = [];
  if (q.model) parts.push(`model ${q.model}`);
  if (q.usage) {
    parts.push(`${q.usage.total_tokens} tokens (${q.usage.prompt_tokens} in, ${q.usage.completion_tokens} out)`);
  }
  const cost = money(q.cost_usd);
  if (cost) parts.push(`cost ${cost}`);
  if (q.cached) parts.push('from the answer cache');
  return parts.length ? el('p', { class: 'meta' }, parts.join(' · ')) : null;
}

function stopWatching() {
  if (state.stream) state.stream.close();
  if (state.poll) clearTimeout(state.poll);
  state.stream = null;
  state.poll = null;
}

// ---------------------------------------------------------------- sign-in

async function signInPage() {
  const failed = new URLSearchParams(location.search).get('sign-in') === 'failed';
  const page = el('section', { class: 'card narrow' },
    el('h1', {}, 'Sign in to AskFlow'),
    el('p', {}, 'Ask questions, follow each answer step by step, keep your history.'),
    failed ? el('p', { class: 'error', role: 'alert' }, 'GitHub sign-in did not complete; please try again.') : null,
    el('p', { class: 'muted', id: 'sign-in-options' }));
  show(page);
  let options = { github: true, dev: false };
  try {
    options = await api('GET', '/auth/options');
  } catch {
    // show GitHub's sign-in, the one every environment but dev must have
  }
  if (options.github) {
    page.querySelector('#sign-in-options').replaceWith(
      el('a', { class: 'button primary', href: '/auth/web-login', id: 'github-sign-in' }, 'Sign in with GitHub'));
  } else {
    page.querySelector('#sign-in-options').textContent = 'GitHub sign-in is not configured here.';
  }
  if (options.dev) {
    const login = el('input', { id: 'dev-login', name: 'login', required: true, value: 'octocat', autocomplete: 'off' });
    const id = el('input', { id: 'dev-id', name: 'id', required: true, inputmode: 'numeric', value: '583231' });
    const form = el('form', { class: 'dev' },
      el('h2', {}, 'Dev sign-in'),
      el('p', { class: 'muted' }, 'This is a dev environment: sign in as anyone, without GitHub.'),
      el('label', { for: 'dev-login' }, 'GitHub login'), login,
      el('label', { for: 'dev-id' }, 'GitHub id'), id,
      el('button', { type: 'submit', class: 'button' }, 'Dev sign-in'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const token = await api('POST', '/auth/dev-login', { login: login.value.trim(), id: Number(id.value) });
        const response = await fetch('/auth/session', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token.token}` },
          credentials: 'same-origin',
        });
        if (!response.ok) throw new ApiError(response.status, null);
        await start();
      } catch (e) {
        form.append(errorBox(e));
      }
    });
    page.append(form);
  }
}

async function signOut() {
  try {
    await api('POST', '/auth/logout');
  } finally {
    state.user = null;
    state.admin = false;
    history.replaceState(null, '', '/');
    render();
  }
}

// ---------------------------------------------------------------- ask

function stepList(steps) {
  if (!steps || !steps.length) return null;
  return el('ol', { class: 'steps', 'aria-label': 'Steps' },
    steps.map((s) => el('li', { class: s.status },
      el('span', { class: 'step-name' }, s.name), ' ', badge(s.status),
      s.attempts > 1 ? el('span', { class: 'muted' }, ` ${s.attempts} attempts`) : null)));
}

function questionView(q, live) {
  const answer = el('div', { class: 'answer', 'aria-live': 'polite' });
  if (q.answer) answer.innerHTML = renderMarkdown(q.answer);
  else if (live && live.text) answer.innerHTML = renderMarkdown(live.text);
  else if (!FINAL.has(q.status)) answer.append(el('p', { class: 'muted thinking' }, 'Thinking…'));
  return el('article', { class: 'qa', id: `q-${q.id}` },
    el('p', { class: 'question' }, q.question),
    el('div', { class: 'status-line' }, badge(q.status), live && live.note ? el('span', { class: 'muted' }, live.note) : null),
    answer,
    q.error ? el('p', { class: 'error' }, `${q.error.code}: ${q.error.message ?? ''}`) : null,
    usageLine(q),
    FINAL.has(q.status) ? null : stepList(q.steps));
}

function askPage() {
  const thread = el('div', { class: 'thread' });
  const textarea = el('textarea', {
    id: 'question', name: 'question', rows: 4, required: true, maxlength: 4000,
    placeholder: 'What would you like to know?',
  });
  const submit = el('button', { type: 'submit', class: 'button primary', id: 'ask' }, 'Ask');
  const cancel = el('button', { type: 'button', class: 'button', id: 'cancel', hidden: true }, 'Cancel');
  const follow = el('button', { type: 'button', class: 'button', id: 'follow-up', hidden: true }, 'Continue this conversation');
  const fresh = el('button', { type: 'button', class: 'link', id: 'new-conversation', hidden: !state.conversation }, 'Start a new conversation');
  const context = el('p', { class: 'muted', id: 'context' }, state.conversation ? 'Continuing the conversation.' : '');
  const form = el('form', { class: 'ask' },
    el('label', { for: 'question' }, 'Your question'), textarea,
    el('div', { class: 'actions' }, submit, cancel, el('span', { class: 'hint muted' }, 'Ctrl+Enter to send')),
    context, fresh);
  let current = null;

  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  fresh.addEventListener('click', () => {
    state.conversation = null;
    thread.replaceChildren();
    context.textContent = '';
    fresh.hidden = true;
    follow.hidden = true;
    textarea.focus();
  });
  follow.addEventListener('click', () => {
    state.conversation = current.conversation_id;
    context.textContent = 'Continuing the conversation.';
    fresh.hidden = false;
    follow.hidden = true;
    textarea.value = '';
    textarea.focus();
  });
  cancel.addEventListener('click', async () => {
    if (!current) return;
    cancel.disabled = true;
    try {
      await api('POST', `/questions/${current.id}/cancel`);
    } catch (e) {
      // 404/405: this gateway cannot cancel yet; 409: already final
      cancel.hidden = true;
      if (e.status !== 409 && e.status !== 404 && e.status !== 405) thread.append(errorBox(e));
    }
  });

  const update = (q, live) => {
    current = q;
    const node = questionView(q, live);
    const old = document.getElementById(`q-${q.id}`);
    if (old) old.replaceWith(node);
    else thread.append(node);
    const done = FINAL.has(q.status);
    cancel.hidden = done;
    cancel.disabled = false;
    submit.disabled = !done;
    follow.hidden = !(done && q.status === 'completed' && q.conversation_id && state.conversation !== q.conversation_id);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) return;
    submit.disabled = true;
    if (!state.conversation) thread.replaceChildren();
    const body = { question: text };
    if (state.conversation) body.conversation_id = state.conversation; // only when continuing
    try {
      const q = await api('POST', '/questions', body);
      textarea.value = '';
      update(q);
      watch(q, update);
    } catch (e) {
      submit.disabled = false;
      thread.append(errorBox(e));
    }
  });

  show(el('section', { class: 'card' }, el('h1', {}, 'Ask'), form, follow), thread);
  textarea.focus();
}

/** Live progress: Server-Sent Events when the gateway has them, else polling the question. */
function watch(question, update) {
  stopWatching();
  const live = { text: '', note: '' };
  let q = question;
  let heard = false;
  const poll = async () => {
    try {
      q = await api('GET', `/questions/${q.id}`);
      update(q);
      if (!FINAL.has(q.status)) state.poll = setTimeout(poll, 700);
    } catch {
      state.poll = setTimeout(poll, 2000);
    }
  };
  if (typeof EventSource !== 'function') {
    poll();
    return;
  }
  const stream = new EventSource(`/questions/${q.id}/events`);
  state.stream = stream;
  const data = (event) => JSON.parse(event.data);
  stream.addEventListener('question', (e) => { heard = true; q = data(e); update(q, live); });
  stream.addEventListener('step', (e) => {
    heard = true;
    const step = data(e);
    q = { ...q, status: q.status === 'queued' ? 'running' : q.status,
      steps: (q.steps || []).map((s) => (s.name === step.name ? { ...s, status: step.status, attempts: step.attempt ?? s.attempts } : s)) };
    update(q, live);
  });
  stream.addEventListener('delta', (e) => { heard = true; live.text += data(e).text; update(q, live); });
  stream.addEventListener('retry', (e) => {
    heard = true;
    const retry = data(e);
    live.text = '';
    live.note = `retrying (attempt ${retry.attempt}): ${retry.reason}`;
    update(q, live);
  });
  stream.addEventListener('done', (e) => {
    stream.close();
    state.stream = null;
    q = data(e);
    update(q);
  });
  stream.onerror = () => {
    // A stream that never answered (no such endpoint yet, 404) falls back to polling; one that did reconnects
    // by itself with Last-Event-ID.
    if (!heard || stream.readyState === EventSource.CLOSED) {
      stream.close();
      state.stream = null;
      if (!FINAL.has(q.status)) poll();
    }
  };
}

// ---------------------------------------------------------------- history

async function historyPage() {
  const list = el('ul', { class: 'history', id: 'history-list' });
  const more = el('button', { type: 'button', class: 'button', hidden: true }, 'Older questions');
  const section = el('section', { class: 'card' }, el('h1', {}, 'History'), list, more);
  show(section);
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    try {
      const page = await api('GET', `/history?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const q of page.items) {
        list.append(el('li', {},
          el('a', { href: `#/questions/${q.id}`, class: 'history-item' },
            el('span', { class: 'history-question' }, q.question),
            el('span', { class: 'history-meta' }, badge(q.status), ' ', when(q.created_at),
              money(q.cost_usd) ? ` · ${money(q.cost_usd)}` : ''))));
      }
      if (!list.children.length) list.append(el('li', { class: 'muted' }, 'No questions yet. ', el('a', { href: '#/ask' }, 'Ask one.')));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (e) {
      section.append(errorBox(e));
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', load);
  await load();
}

async function questionPage(id) {
  show(el('p', { class: 'muted' }, 'Loading…'));
  let q;
  try {
    q = await api('GET', `/questions/${encodeURIComponent(id)}`);
  } catch (e) {
    show(el('section', { class: 'card' }, el('h1', {}, 'Question'), errorBox(e)));
    return;
  }
  const rows = (q.steps || []).map((s) => el('tr', {},
    el('th', { scope: 'row' }, s.name),
    el('td', {}, badge(s.status)),
    el('td', { class: 'num' }, s.attempts),
    el('td', { class: 'time' }, clock(s.started_at)),
    el('td', { class: 'time' }, clock(s.finished_at)),
    el('td', { class: 'num' }, duration(s.started_at, s.finished_at)),
    el('td', { class: 'failure' }, s.last_failure ?? '')));
  const timeline = el('div', { class: 'scroll' }, el('table', { class: 'timeline', id: 'timeline' },
    el('caption', {}, 'Step timeline'),
    el('thead', {}, el('tr', {}, ['Step', 'Status', 'Attempts', 'Started', 'Finished', 'Took', 'Last failure']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows)));
  const ui = q.workflow?.ui_url
    ? el('p', {}, el('a', { href: q.workflow.ui_url, target: '_blank', rel: 'noopener noreferrer', id: 'temporal-link' },
      'Open this workflow in the Temporal UI'))
    : el('p', { class: 'muted' }, `Workflow ${q.workflow?.id ?? ''} (no Temporal UI configured)`);
  show(el('section', { class: 'card' },
    el('p', {}, el('a', { href: '#/history' }, '← History')),
    el('h1', {}, 'Question'),
    questionView(q),
    el('p', { class: 'muted' }, `Asked ${when(q.created_at)}`, q.completed_at ? ` · finished ${when(q.completed_at)}` : ''),
    timeline, ui));
  if (!FINAL.has(q.status)) state.poll = setTimeout(() => questionPage(id), 1500);
}

// ---------------------------------------------------------------- API keys

async function keysPage() {
  const name = el('input', { id: 'key-name', name: 'name', required: true, maxlength: 100, placeholder: 'e.g. laptop script' });
  const created = el('div', { id: 'created-key' });
  const tbody = el('tbody', {});
  const form = el('form', { class: 'inline' },
    el('label', { for: 'key-name' }, 'Name'), name,
    el('button', { type: 'submit', class: 'button primary', id: 'create-key' }, 'Create key'));
  const section = el('section', { class: 'card' },
    el('h1', {}, 'API keys'),
    el('p', {}, 'Programs call the API with a key: ', el('code', {}, 'Authorization: Bearer askf_…'),
      '. A key acts as you, within your limits; it cannot manage keys. Revoking one takes effect at once.'),
    form, created,
    el('div', { class: 'scroll' }, el('table', { class: 'keys', id: 'keys' },
      el('thead', {}, el('tr', {}, ['Name', 'Key', 'Created', 'Last used', ''].map((h) => el('th', { scope: 'col' }, h)))),
      tbody)));
  show(section);

  const load = async () => {
    const keys = await api('GET', '/api-keys');
    tbody.replaceChildren(...keys.map((k) => {
      const revoke = el('button', { type: 'button', class: 'button danger small', 'data-key': k.id }, 'Revoke');
      revoke.addEventListener('click', async () => {
        if (revoke.dataset.confirm !== 'yes') {
          revoke.dataset.confirm = 'yes';
          revoke.textContent = 'Confirm revoke';
          return;
        }
        try {
          await api('DELETE', `/api-keys/${k.id}`);
          await load();
        } catch (e) {
          section.append(errorBox(e));
        }
      });
      return el('tr', {},
        el('td', {}, k.name), el('td', {}, el('code', {}, `${k.hint}…`)),
        el('td', {}, when(k.created_at)), el('td', {}, k.last_used_at ? when(k.last_used_at) : 'never'),
        el('td', {}, revoke));
    }));
    if (!keys.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No keys yet.')));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const key = await api('POST', '/api-keys', { name: name.value.trim() });
      name.value = '';
      const value = el('input', { id: 'new-key', readonly: true, value: key.key, 'aria-label': 'Your new key', class: 'secret' });
      const copy = el('button', { type: 'button', class: 'button' }, 'Copy');
      copy.addEventListener('click', async () => {
        value.select();
        try {
          await navigator.clipboard.writeText(key.key);
          copy.textContent = 'Copied';
        } catch {
          copy.textContent = 'Press Ctrl+C';
        }
      });
      created.replaceChildren(el('div', { class: 'notice', role: 'status' },
        el('p', {}, el('strong', {}, `Key “${key.name}” created.`), ' Copy it now: it is shown only this once.'),
        el('div', { class: 'inline' }, value, copy)));
      value.focus();
      value.select();
      await load();
    } catch (e) {
      created.replaceChildren(errorBox(e));
    }
  });
  try {
    await load();
  } catch (e) {
    section.append(errorBox(e));
  }
}

// ---------------------------------------------------------------- admin

const METRICS = {
  cost_usd: { label: 'Cost (USD)', format: (v) => money(v) ?? '$0' },
  requests: { label: 'Requests', format: (v) => String(v) },
  total_tokens: { label: 'Tokens', format: (v) => String(v) },
};

function chart(users, metric) {
  const NS = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attributes, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const shown = users.slice(0, 12);
  const barHeight = 26;
  const labelWidth = 130;
  const width = 640;
  const height = Math.max(1, shown.length) * (barHeight + 8) + 8;
  const max = Math.max(...shown.map((u) => u[metric] ?? 0), 0) || 1;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `${METRICS[metric].label} per user` });
  shown.forEach((u, i) => {
    const y = 8 + i * (barHeight + 8);
    const value = u[metric] ?? 0;
    const w = Math.max(2, ((width - labelWidth - 110) * value) / max);
    svg.append(svgEl('text', { x: labelWidth - 8, y: y + barHeight * 0.68, 'text-anchor': 'end', class: 'chart-label' }, u.login));
    svg.append(svgEl('rect', { x: labelWidth, y, width: w, height: barHeight, rx: 4, class: 'chart-bar' }));
    svg.append(svgEl('text', { x: labelWidth + w + 6, y: y + barHeight * 0.68, class: 'chart-value' }, METRICS[metric].format(value)));
  });
  if (!shown.length) svg.append(svgEl('text', { x: 8, y: 24, class: 'chart-label' }, 'No usage in this period.'));
  return svg;
}

function dateInput(id, date) {
  return el('input', { id, type: 'date', required: true, value: date.toISOString().slice(0, 10) });
}

async function adminPage() {
  const today = new Date();
  const from = dateInput('from', new Date(today.getTime() - 6 * 86400000));
  const to = dateInput('to', today);
  const metric = el('select', { id: 'metric' }, Object.entries(METRICS).map(([k, m]) => el('option', { value: k }, m.label)));
  const output = el('div', { id: 'usage' });
  const form = el('form', { class: 'inline' },
    el('label', { for: 'from' }, 'From'), from, el('label', { for: 'to' }, 'To (inclusive)'), to,
    el('label', { for: 'metric' }, 'Chart'), metric,
    el('button', { type: 'submit', class: 'button primary' }, 'Show'));
  show(el('section', { class: 'card' }, el('h1', {}, 'Usage per user'), form, output));
  let report = null;
  const draw = () => {
    if (!report) return;
    const rows = report.users.map((u) => el('tr', {},
      el('th', { scope: 'row' }, u.login, el('span', { class: 'muted' }, ` #${u.user_id}`)),
      el('td', { class: 'num' }, u.requests), el('td', { class: 'num' }, u.completed),
      el('td', { class: 'num' }, u.failed), el('td', { class: 'num' }, u.rejected),
      el('td', { class: 'num' }, u.total_tokens ?? 0), el('td', { class: 'num' }, money(u.cost_usd) ?? '$0')));
    output.replaceChildren(
      chart(report.users, metric.value),
      el('div', { class: 'scroll' }, el('table', { class: 'usage' },
        el('thead', {}, el('tr', {}, ['User', 'Requests', 'Completed', 'Failed', 'Rejected', 'Tokens', 'Cost']
          .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows))));
  };
  const load = async () => {
    const start = new Date(`${from.value}T00:00:00Z`);
    const end = new Date(new Date(`${to.value}T00:00:00Z`).getTime() + 86400000);
    try {
      report = await api('GET', `/admin/usage?from=${start.toISOString()}&to=${end.toISOString()}`);
      draw();
    } catch (e) {
      output.replaceChildren(errorBox(e));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  metric.addEventListener('change', draw);
  await load();
}

// ---------------------------------------------------------------- shell

function render() {
  const signedIn = !!state.user;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  document.getElementById('nav-admin').hidden = !state.admin;
  document.getElementById('who-login').textContent = signedIn ? state.user.login : '';
  route();
}

function route() {
  if (!state.user) {
    signInPage();
    return;
  }
  const hash = location.hash || '#/ask';
  const [, page, arg] = hash.match(/^#\/([a-z-]+)(?:\/(.+))?$/) || [];
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.route === (page === 'questions' ? 'history' : page)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (page === 'history') historyPage();
  else if (page === 'questions' && arg) questionPage(arg);
  else if (page === 'keys') keysPage();
  else if (page === 'admin' && state.admin) adminPage();
  else askPage();
  main.focus({ preventScroll: true });
}

async function start() {
  try {
    state.user = await api('GET', '/me');
  } catch {
    state.user = null;
  }
  state.admin = false;
  if (state.user) {
    try {
      await api('GET', '/admin/usage');
      state.admin = true;
    } catch {
      state.admin = false;
    }
    if (location.search) history.replaceState(null, '', `/${location.hash}`);
  }
  render();
}

document.getElementById('sign-out').addEventListener('click', signOut);
window.addEventListener('hashchange', route);
start();

export { escapeHtml };
