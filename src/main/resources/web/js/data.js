import { api, guarded, h, notify, onState, withToken } from './api.js';

// Data: import (Sunnybrook folder, synthetic, images) with live progress; dataset summary; LMDB browser.
export function initData(root) {
  const kind = h('select', { id: 'import-kind' },
    h('option', { value: 'synth' }, 'Synthetic Sunnybrook'),
    h('option', { value: 'sunnybrook' }, 'Sunnybrook folder'),
    h('option', { value: 'images' }, 'Images + labels folders'));
  const cases = h('input', { id: 'import-cases', type: 'number', value: 3, min: 1, max: 45 });
  const seed = h('input', { id: 'import-seed', type: 'number', value: 1 });
  const path = h('input', { id: 'import-path', placeholder: 'raw/Sunnybrook (inside the workspace)', size: 36 });
  const images = h('input', { id: 'import-images', placeholder: 'images folder', size: 20 });
  const labels = h('input', { id: 'import-labels', placeholder: 'labels folder', size: 20 });
  const fields = {
    synth: [h('label', {}, 'Cases', cases), h('label', {}, 'Seed', seed)],
    sunnybrook: [h('label', {}, 'Folder', path)],
    images: [h('label', {}, 'Images', images), h('label', {}, 'Labels', labels)],
  };
  const valFraction = h('input', { id: 'import-val', type: 'number', value: 0.2, min: 0, max: 0.9, step: 0.05 });
  const testFraction = h('input', { id: 'import-test', type: 'number', value: 0.2, min: 0, max: 0.9, step: 0.05 });
  const force = h('input', { id: 'import-force', type: 'checkbox' });
  const fieldBox = h('span');
  const showFields = () => { fieldBox.replaceChildren(...fields[kind.value]); };
  kind.addEventListener('change', showFields);
  showFields();
  // the data type chosen in Setup picks the import source
  onState(p => {
    const k = { sunnybrook: 'sunnybrook', synthetic: 'synth', images: 'images' }[p.settings && p.settings.dataType];
    if (k) { kind.value = k; showFields(); }
  });
  const bar = h('progress', { id: 'import-progress', value: 0, max: 1 });
  const status = h('div', { id: 'import-status', class: 'muted' }, 'No import running.');
  const button = h('button', { class: 'primary', id: 'import-start', onclick: start }, 'Import');

  const summary = h('div', { id: 'dataset-summary' }, h('p', { class: 'muted' }, 'Loading…'));
  const db = h('select', { id: 'lmdb-db' }, ...['train', 'val'].map(s => h('option', { value: s }, s)));
  const index = h('input', { id: 'lmdb-index', type: 'number', value: 0, min: 0 });
  const img = h('img', { id: 'lmdb-image', alt: 'image record' });
  const mask = h('img', { id: 'lmdb-mask', alt: 'label record' });
  const info = h('div', { class: 'muted', id: 'lmdb-info' });

  root.append(
    h('div', { class: 'row' },
      h('div', { class: 'card grow' }, h('h2', {}, 'Import'),
        h('label', {}, 'Source', kind), fieldBox,
        h('div', {}, h('label', {}, 'Validation fraction', valFraction), h('label', {}, 'Test fraction', testFraction),
          h('label', { class: 'inline' }, force, 'replace existing data/')),
        h('div', {}, button), bar, status),
      h('div', { class: 'card grow' }, h('h2', {}, 'Dataset'), summary,
        h('button', { class: 'btn', onclick: refresh }, 'Refresh'))),
    h('div', { class: 'card' }, h('h2', {}, 'Browse LMDB records'),
      h('label', {}, 'Split', db), h('label', {}, 'Record', index),
      h('button', { class: 'btn', onclick: () => { index.value = Math.max(0, Number(index.value) - 1); show(); } }, '◀'),
      h('button', { class: 'btn', onclick: () => { index.value = Number(index.value) + 1; show(); } }, '▶'),
      h('div', { class: 'viewer' }, h('figure', {}, img, h('figcaption', {}, 'image')),
        h('figure', {}, mask, h('figcaption', {}, 'label (colours = classes)'))), info));
  db.addEventListener('change', show);
  index.addEventListener('change', show);

  async function start() {
    // the fields go as typed: an empty one is left out (the server's default), a non-number gets the server's 400
    const field = input => input.value.trim() === '' ? undefined : input.value.trim();
    const body = { kind: kind.value, valFraction: field(valFraction), testFraction: field(testFraction),
      force: force.checked };
    if (kind.value === 'synth') Object.assign(body, { cases: field(cases), seed: field(seed) });
    if (kind.value === 'sunnybrook') body.path = path.value;
    if (kind.value === 'images') Object.assign(body, { images: images.value, labels: labels.value });
    const job = await guarded(() => api('/api/import', { method: 'POST', json: body }));
    if (!job) return;
    follow(job, 'started');
  }

  let following = null; // the id whose events are shown: a reload's reattach and a new start never both follow one

  /** Shows a running import's progress, then its result (after a start, or found again after a page reload). */
  function follow(job, how) {
    if (following === job.id) return;
    following = job.id;
    button.disabled = true;
    status.className = 'muted';
    status.textContent = `Import ${job.id} ${how}${job.what ? ' (' + job.what + ')' : ''}…`;
    const es = new EventSource(withToken('/api/jobs/' + job.id + '/events'));
    es.addEventListener('progress', e => {
      const p = JSON.parse(e.data);
      bar.max = p.total || 1; bar.value = p.done;
      status.textContent = `${p.stage}: ${p.done}/${p.total} ${p.message || ''}`;
    });
    es.addEventListener('end', e => {
      es.close();
      button.disabled = false;
      const r = JSON.parse(e.data);
      result(r);
      if (r.status === 'completed') notify('Import completed'); else notify(r.error || 'import failed', true);
      refresh();
    });
  }

  function result(r) {
    if (r.status === 'completed') { bar.max = 1; bar.value = 1; status.className = 'ok'; status.textContent = 'Import completed.'; }
    else { status.textContent = `Import ${r.id} ${r.status || 'failed'}: ${r.error || ''}`; status.className = 'error'; }
  }

  /** After a page reload: an import still running (GET /api/jobs, newest first) is followed again, else the last result shown. */
  async function reattach() {
    const r = await guarded(() => api('/api/jobs'));
    if (!r || !r.jobs.length || following) return;
    const job = r.jobs.find(j => j.status === 'running');
    if (job) follow(job, 'running');
    else result(r.jobs[0]);
  }

  async function refresh() {
    const d = await guarded(() => api('/api/datasets'));
    if (!d) return;
    const rows = Object.entries(d.lmdb || {}).map(([name, s]) =>
      h('tr', {}, h('td', {}, name), h('td', { class: 'count' }, s.count), h('td', {}, `${s.channels}×${s.height}×${s.width}`),
        h('td', {}, s.encoding), h('td', {}, s.labelDatabase ? 'labels' : 'images')));
    const ds = d.dataset;
    summary.replaceChildren(
      rows.length ? h('table', {}, h('tr', {}, ...['database', 'records', 'shape', 'encoding', 'kind'].map(t => h('th', {}, t))), ...rows)
        : h('p', { class: 'muted' }, 'No LMDBs in data/ yet: import a dataset.'),
      h('p', {}, `Test images: ${d.testImages}, test labels: ${d.testLabels}`),
      ds ? h('details', {}, h('summary', {}, 'dataset.json'), h('pre', {}, JSON.stringify(ds, null, 2))) : '');
    if (rows.length) show();
  }

  function show() {
    const i = Math.max(0, Number(index.value) || 0);
    img.src = withToken(`/api/lmdb/${db.value}_lmdb/${i}`);
    mask.src = withToken(`/api/lmdb/${db.value}_gt_lmdb/${i}`);
    info.textContent = '';
    guarded(async () => {
      try {
        const r = await api(`/api/lmdb/${db.value}_lmdb/${i}?format=json`);
        info.textContent = `key ${r.key} of ${r.count} records, ${r.channels}×${r.height}×${r.width}`;
      } catch (e) {
        info.textContent = e.message; // e.g. no record at this index: the old record's line would mislead
        throw e;
      }
    });
  }
  refresh();
  reattach();
}
