// Small client for the dlp4j JSON API: adds the token, turns {"error": ...} answers into exceptions.
const params = new URLSearchParams(location.search);
if (params.get('token')) sessionStorage.setItem('dlp-token', params.get('token'));
export const token = params.get('token') || sessionStorage.getItem('dlp-token') || '';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', json, text, bytes, contentType } = {}) {
  const headers = { 'X-DLP-Token': token };
  let body;
  if (json !== undefined) { body = JSON.stringify(json); headers['Content-Type'] = 'application/json'; }
  else if (text !== undefined) { body = text; headers['Content-Type'] = 'text/plain; charset=utf-8'; }
  else if (bytes !== undefined) { body = bytes; headers['Content-Type'] = contentType || 'application/octet-stream'; }
  const res = await fetch(path, { method, headers, body });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { error: data });
  return data;
}

/** A URL that carries the token (for <img src>, EventSource and downloads). */
export function withToken(url) {
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
}

export function fileUrl(path) {
  return withToken('/api/files?path=' + encodeURIComponent(path));
}

let noticeTimer;
export function notify(message, isError = false) {
  const n = document.getElementById('notice');
  n.textContent = message;
  n.className = isError ? 'error' : '';
  n.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { n.hidden = true; }, isError ? 8000 : 4000);
}

/** Runs an async action and shows its error, if any. */
export async function guarded(fn) {
  try { return await fn(); } catch (e) { notify(e.message, true); console.error(e); return undefined; }
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Shared selections between the modules (chosen net, chosen run). */
export const state = { net: null, run: null, settings: {}, listeners: [] };
export function setState(patch) {
  Object.assign(state, patch);
  state.listeners.forEach(l => l(patch));
}
export function onState(fn) { state.listeners.push(fn); }

const TABS = ['setup', 'data', 'net', 'train', 'deploy'];
let currentTab = 'setup';

export function showTab(name) {
  if (!TABS.includes(name)) return;
  currentTab = name;
  document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach(s => s.classList.toggle('active', s.id === 'tab-' + name));
  saveView();
  window.dispatchEvent(new CustomEvent('dlp-tab', { detail: name }));
}

/**
 * The open module and the chosen run, kept in the URL's hash (#tab=train&run=ID: a reload or a bookmark comes back to
 * them) and in localStorage (a new tab of the same server starts there too). The token stays in the query string.
 */
export function saveView() {
  const p = new URLSearchParams();
  p.set('tab', currentTab);
  if (state.run) p.set('run', state.run);
  history.replaceState(null, '', location.pathname + location.search + '#' + p.toString());
  try { localStorage.setItem('dlp-view', p.toString()); } catch (e) { /* storage off: the hash still works */ }
}

/** The view to restore at start: the hash first, else what this browser last showed. */
export function savedView() {
  let text = location.hash.replace(/^#/, '');
  if (!text) { try { text = localStorage.getItem('dlp-view') || ''; } catch (e) { text = ''; } }
  const p = new URLSearchParams(text);
  return { tab: TABS.includes(p.get('tab')) ? p.get('tab') : null, run: p.get('run') || null };
}

/**
 * The images the server takes (upload) and inference reads, as the server says (GET /api/infer/formats): {list:
 * ['bmp', …], test: RegExp, accept: '.bmp,…'}; asked once. The browser can draw only some of them.
 */
let formats = null;
export function imageFormats() {
  formats ??= api('/api/infer/formats').then(r => ({
    list: r.extensions,
    test: new RegExp('\\.(' + r.extensions.map(e => e.replace(/[^a-z0-9]/gi, '')).join('|') + ')$', 'i'),
    accept: r.extensions.map(e => '.' + e).join(','),
  })).catch(e => { formats = null; throw e; });
  return formats;
}
export const BROWSER_IMAGE = /\.(png|jpe?g|bmp|gif)$/i;

/**
 * The snapshots of a run, newest first, as [{iteration, weights}] (weights: a workspace path). GET /api/runs/{id}
 * lists them as "snapshots"; a server without that list is answered from the run's snapshots/ folder.
 */
export async function runSnapshots(id, run) {
  let list = run && Array.isArray(run.snapshots) ? run.snapshots.map(s => ({
    iteration: Number(s.iteration), weights: s.weights || s.caffemodel || s.path,
  })) : null;
  if (!list) {
    list = [];
    try {
      const dir = await api('/api/files?path=' + encodeURIComponent(`runs/${id}/snapshots`));
      for (const e of dir.entries) {
        const m = /_iter_(\d+)\.caffemodel(\.h5)?$/.exec(e.name);
        if (!e.dir && m && e.size > 0) list.push({ iteration: Number(m[1]), weights: e.path });
      }
    } catch (e) { if (e.status !== 404) throw e; }
  }
  return list.filter(s => s.weights).sort((a, b) => b.iteration - a.iteration);
}
