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

export function showTab(name) {
  document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach(s => s.classList.toggle('active', s.id === 'tab-' + name));
  window.dispatchEvent(new CustomEvent('dlp-tab', { detail: name }));
}
