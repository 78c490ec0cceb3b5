import { api, BROWSER_IMAGE, fileUrl, guarded, h, imageFormats, notify, onState, runSnapshots, state, withToken } from './api.js';
import { chosenGpu } from './setup.js';

// The server's overlay palette (org.dlp4j.deploy.Overlay): class 1 red, 2 green, 3 blue-ish, ...
const PALETTE = [0xFF0000, 0x00FF00, 0x0080FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0xFF8000, 0x8000FF];

/**
 * A file name the server accepts for an upload (WorkspacePaths.name): a letter or digit first, then letters, digits,
 * '.', '-', '_', no '..', at most 100 characters; the extension is kept.
 */
export function uploadName(name) {
  const clean = s => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.{2,}/g, '.');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? clean(name.slice(dot)).slice(0, 10) : '';
  const stem = clean(dot > 0 ? name.slice(0, dot) : name).replace(/^[^A-Za-z0-9]+/, '').slice(0, 100 - ext.length);
  return (stem.replace(/\.+$/, '') || 'image') + ext;
}

// Deploy: deploy.prototxt / weights / labels from a run, images from data/test_images or uploaded, overlay viewer.
export function initDeploy(root) {
  const runSel = h('select', { id: 'deploy-run' });
  const deploy = h('input', { id: 'deploy-prototxt', size: 34 });
  // the chosen run's snapshots (newest first), or any other weights file of the workspace typed in
  const weights = h('select', { id: 'deploy-weights' }, h('option', { value: '' }, 'other file…'));
  const weightsOther = h('input', { id: 'deploy-weights-other', size: 34, placeholder: 'weights/….caffemodel' });
  const labels = h('input', { id: 'deploy-labels', size: 34 });
  const device = h('select', { id: 'deploy-device' }, h('option', { value: '' }, 'as in Setup'), h('option', { value: 'cpu' }, 'CPU'));
  const picks = h('div', { id: 'deploy-images', class: 'thumbs' });
  // accept: the formats the server reads, set once it has said them
  const upload = h('input', { type: 'file', id: 'deploy-upload', multiple: true });
  imageFormats().then(f => { upload.accept = f.accept; }, () => { /* refresh() reports the server's error */ });
  const filter = h('input', { id: 'deploy-filter', type: 'search', placeholder: 'filter by name', size: 24 });
  const count = h('span', { id: 'deploy-count', class: 'muted' });
  const opacity = h('input', { type: 'range', id: 'overlay-opacity', min: 0, max: 100, value: 45 });
  const showTruth = h('input', { type: 'checkbox', id: 'show-truth', checked: true });
  const results = h('div', { id: 'deploy-results' });
  const evalBox = h('div', { id: 'deploy-eval' });
  const runBtn = h('button', { class: 'primary', id: 'deploy-run-btn', onclick: infer }, 'Run inference');
  const status = h('span', { class: 'muted', id: 'deploy-status' });
  let last = [];

  root.append(h('div', { class: 'row' },
    h('div', { class: 'card', style: 'width:380px' }, h('h2', {}, 'Model'),
      h('label', {}, 'Run', runSel), h('label', {}, 'deploy.prototxt', deploy), h('label', {}, 'Weights', weights, weightsOther),
      h('label', {}, 'Labels', labels), h('label', {}, 'Device', device)),
    h('div', { class: 'card grow' }, h('h2', {}, 'Images'),
      h('p', { class: 'muted' }, 'Tick test images from data/test_images, or upload your own.'),
      h('div', {}, h('label', { class: 'inline' }, 'Filter', filter), ' ', count,
        ' ', h('button', { class: 'btn', id: 'deploy-tick-shown', onclick: () => tickShown(true) }, 'tick shown'),
        ' ', h('button', { class: 'btn', id: 'deploy-untick', onclick: () => tickShown(false) }, 'untick all')), picks,
      h('label', {}, 'Upload', upload), h('div', {}, runBtn, ' ', status))),
    h('div', { class: 'card' }, h('h2', {}, 'Results'), h('label', { class: 'inline' }, 'Overlay opacity', opacity), ' ',
      h('label', { class: 'inline' }, showTruth, 'ground-truth outline (green)'), results),
    h('div', { class: 'card' }, h('h2', {}, 'Evaluation'), evalBox));

  runSel.addEventListener('change', () => guarded(() => defaults(runSel.value)));
  let userWeights = null; // {run, value}: what the user picked in Weights, kept while that run stays chosen
  weights.addEventListener('change', () => {
    weightsOther.hidden = weights.value !== '';
    userWeights = { run: runSel.value, value: weights.value };
  });
  filter.addEventListener('input', applyFilter);
  picks.addEventListener('change', counted);
  opacity.addEventListener('input', () => last.forEach(draw));
  showTruth.addEventListener('change', () => last.forEach(draw));
  upload.addEventListener('change', () => guarded(async () => {
    const files = [...upload.files];
    const formats = await imageFormats();
    const refused = files.filter(f => !formats.test.test(f.name));
    if (refused.length) notify('not uploaded (the server reads ' + formats.accept.replaceAll(',', ' ') + '): ' + refused.map(f => f.name).join(', '), true);
    let n = 0;
    for (const f of files.filter(x => !refused.includes(x))) {
      const r = await api('/api/upload?name=' + encodeURIComponent(uploadName(f.name)), { method: 'POST', bytes: await f.arrayBuffer(), contentType: f.type || 'application/octet-stream' });
      picks.querySelector('p.muted')?.remove();
      picks.querySelectorAll(`label[data-path="${CSS.escape(r.path)}"]`).forEach(l => l.remove());
      picks.prepend(pick(r.path, true));
      n++;
    }
    upload.value = '';
    applyFilter();
    if (n) notify('Uploaded ' + n + ' image(s)');
  }));

  /** One image to tick: a thumbnail where the browser can draw the format (not TIFF or DICOM), else its type. */
  function pick(path, checked) {
    const box = h('input', { type: 'checkbox', value: path, checked });
    const name = path.split('/').pop();
    const thumb = BROWSER_IMAGE.test(name) ? h('img', { src: fileUrl(path), alt: path, loading: 'lazy' })
      : h('span', { class: 'thumb-none' }, name.slice(name.lastIndexOf('.') + 1).toUpperCase());
    return h('label', { class: 'inline', title: path, 'data-path': path }, box, thumb, name);
  }

  function applyFilter() {
    const f = filter.value.trim().toLowerCase();
    picks.querySelectorAll('label[data-path]').forEach(l => { l.hidden = !!f && !l.dataset.path.toLowerCase().includes(f); });
    counted();
  }

  function tickShown(on) {
    picks.querySelectorAll('label[data-path]').forEach(l => { if (on ? !l.hidden : true) l.querySelector('input').checked = on; });
    counted();
  }

  function counted() {
    const all = picks.querySelectorAll('label[data-path]');
    const shown = [...all].filter(l => !l.hidden).length;
    const ticked = picks.querySelectorAll('input[type=checkbox]:checked').length;
    count.textContent = `${all.length} image(s)` + (shown !== all.length ? `, ${shown} shown` : '') + `, ${ticked} ticked`;
  }

  async function refresh() {
    const runs = await api('/api/runs');
    const keep = runSel.value || state.run;
    runSel.replaceChildren(h('option', { value: '' }, '—'), ...runs.runs.map(r => h('option', { value: r.id }, `${r.id} (${r.status})`)));
    if (keep && runs.runs.some(r => r.id === keep)) runSel.value = keep;
    if (runSel.value) await defaults(runSel.value);
    // uploaded images stay listed beside the test images, and what was ticked stays ticked across tab switches
    const ticked = new Set([...picks.querySelectorAll('input[type=checkbox]:checked')].map(b => b.value));
    // every image of both folders (the list scrolls; the filter narrows it), in every format the server reads
    const images = [];
    const formats = await imageFormats();
    for (const dir of ['uploads', 'data/test_images']) {
      try {
        const list = await api('/api/files?path=' + dir);
        images.push(...list.entries.filter(e => !e.dir && formats.test.test(e.name)));
      } catch (e) { if (e.status !== 404) throw e; }
    }
    if (!images.length) {
      picks.replaceChildren(h('p', { class: 'muted' }, 'No data/test_images yet (import data first), or upload images.'));
      counted();
      return;
    }
    picks.replaceChildren(...images.map((e, i) => pick(e.path, ticked.size ? ticked.has(e.path) : i === 0)));
    applyFilter();
  }

  async function defaults(run) {
    if (!run) return;
    const d = await api('/api/infer/defaults?run=' + encodeURIComponent(run));
    if (runSel.value !== run) return;
    deploy.value = d.deploy || '';
    labels.value = d.labels || '';
    if (d.note) notify(d.note, true); // e.g. the run's net folder was deleted: its deploy must be chosen by hand
    let snaps = [];
    try { snaps = await runSnapshots(run, await api(`/api/runs/${encodeURIComponent(run)}`)); } catch (e) { notify(e.message, true); }
    if (runSel.value !== run) return;
    const prev = userWeights && userWeights.run === run ? userWeights.value : null; // picked for this run before
    const paths = snaps.map(x => x.weights);
    if (d.weights && !paths.includes(d.weights)) snaps.unshift({ iteration: null, weights: d.weights });
    weights.replaceChildren(...snaps.map(x => h('option', { value: x.weights },
      (x.iteration != null ? `iteration ${x.iteration}: ` : 'latest: ') + x.weights.split('/').pop())),
      h('option', { value: '' }, 'other file…'));
    // a snapshot picked in the Train tab, else the newest complete one (the server's latest), else the newest listed
    const wanted = [state.deployWeights, prev, d.weights, snaps.length ? snaps[0].weights : null]
      .find(w => w != null && (w === '' || snaps.some(x => x.weights === w)));
    weights.value = wanted || '';
    if (state.deployWeights) {
      if (wanted === state.deployWeights) userWeights = { run, value: wanted }; // chosen in the Train tab's snapshot list
      state.deployWeights = null;
    }
    weightsOther.hidden = weights.value !== '';
  }

  function chosenWeights() { return weights.value || weightsOther.value.trim(); }

  async function infer() {
    const images = [...picks.querySelectorAll('input[type=checkbox]:checked')].map(c => c.value);
    if (!images.length) { notify('tick at least one image', true); return; }
    const body = { images, alpha: opacity.value / 100 };
    if (runSel.value) body.run = runSel.value;
    for (const [k, el] of [['deploy', deploy], ['labels', labels]]) if (el.value) body[k] = el.value;
    if (chosenWeights()) body.weights = chosenWeights();
    const gpu = device.value === '' ? chosenGpu() : (device.value === 'cpu' ? null : Number(device.value.slice(3)));
    if (gpu != null) body.gpu = gpu;
    runBtn.disabled = true;
    status.textContent = 'Running…';
    const t0 = performance.now();
    // live progress: the server publishes {done, total, file} on a stream named by us, opened before posting
    body.progress = 'infer-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
    const es = new EventSource(withToken(`/api/infer/progress/${body.progress}/events`));
    es.addEventListener('progress', e => {
      const p = JSON.parse(e.data);
      status.textContent = `Running… ${p.done}/${p.total} image(s), ${((performance.now() - t0) / 1000).toFixed(1)} s (${p.file})`;
    });
    es.addEventListener('end', () => es.close());
    const r = await guarded(() => api('/api/infer', { method: 'POST', json: body }));
    es.close();
    runBtn.disabled = false;
    if (!r) { status.textContent = ''; return; }
    status.textContent = `${r.images.length} image(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${r.out}`;
    const skipped = r.skipped || [];
    if (skipped.length) {
      // images the worker could not read: say which and why, not just a smaller count
      status.textContent += ` — ${skipped.length} skipped: ` + skipped.map(x => `${x.file.split('/').pop()} (${x.reason})`).join('; ');
      notify(`${skipped.length} image(s) skipped: ${skipped[0].reason}`, true);
    }
    last = r.images;
    results.replaceChildren(...r.images.map(view), h('p', {}, h('a', { href: withToken(r.predictions + '&download=1'), id: 'predictions-csv' }, 'predictions.csv')));
    showEval(r.evaluation);
  }

  function view(img) {
    const canvas = h('canvas', { class: 'overlay-canvas', width: img.width, height: img.height, 'data-image': img.image });
    const serverOverlay = h('img', { class: 'server-overlay', src: withToken(img.overlay), alt: 'overlay' });
    img.canvas = canvas;
    // the browser cannot draw every input (TIFF, DICOM): then the mask goes on black, the server overlay shows the image
    const base = BROWSER_IMAGE.test(img.image) ? load(fileUrl(img.image)).catch(() => null) : Promise.resolve(null);
    img.loaded = Promise.all([base, load(withToken(img.mask)),
      img.truth ? load(withToken(img.truth)) : Promise.resolve(null)]).then(([base, mask, truth]) => {
      img.base = base; img.maskImg = mask; img.truthImg = truth; draw(img); canvas.dataset.ready = '1';
    }).catch(e => notify('cannot draw ' + img.image + ': ' + e, true));
    const links = h('div', {}, h('a', { href: withToken(img.mask + '&download=1') }, 'mask'), ' · ',
      img.contour ? h('a', { href: withToken(img.contour + '&download=1') }, 'contour') : h('span', { class: 'muted' }, 'no contour'), ' · ',
      h('a', { href: withToken(img.overlay + '&download=1') }, 'overlay PNG'));
    return h('div', { class: 'viewer' },
      h('figure', {}, canvas, h('figcaption', {}, `${img.image.split('/').pop()} · ${img.foregroundPixels} px foreground · ${img.ms.toFixed(0)} ms`), links),
      h('figure', {}, serverOverlay, h('figcaption', {}, 'server overlay (with legend)')));
  }

  function load(src) {
    return new Promise((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = () => rej(src); i.src = src; });
  }

  /** Class indices of a mask PNG (red channel of each pixel). */
  function classes(image, w, hgt) {
    const m = document.createElement('canvas');
    m.width = w; m.height = hgt;
    const mctx = m.getContext('2d');
    mctx.drawImage(image, 0, 0, w, hgt);
    return mctx.getImageData(0, 0, w, hgt).data;
  }

  /**
   * Draws the image, then every foreground pixel of the predicted mask in its class colour at the chosen opacity,
   * then (when shown) the boundary of the ground-truth mask in green.
   */
  function draw(img) {
    if (!img.maskImg) return;
    const c = img.canvas, ctx = c.getContext('2d');
    if (img.base) ctx.drawImage(img.base, 0, 0, c.width, c.height);
    else { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, c.width, c.height); }
    const cls = classes(img.maskImg, c.width, c.height);
    const out = ctx.getImageData(0, 0, c.width, c.height);
    const a = opacity.value / 100;
    for (let i = 0; i < cls.length; i += 4) {
      const k = cls[i];
      if (k === 0) continue;
      const rgb = PALETTE[(k - 1) % PALETTE.length];
      out.data[i] = out.data[i] * (1 - a) + ((rgb >> 16) & 255) * a;
      out.data[i + 1] = out.data[i + 1] * (1 - a) + ((rgb >> 8) & 255) * a;
      out.data[i + 2] = out.data[i + 2] * (1 - a) + (rgb & 255) * a;
    }
    if (img.truthImg && showTruth.checked) {
      const t = classes(img.truthImg, c.width, c.height);
      const w = c.width;
      const fg = i => t[i * 4] !== 0 && t[i * 4] !== 255;
      for (let p = 0; p < w * c.height; p++) {
        const x = p % w, y = (p - x) / w;
        if (fg(p) && (x === 0 || y === 0 || x === w - 1 || y === c.height - 1 || !fg(p - 1) || !fg(p + 1) || !fg(p - w) || !fg(p + w))) {
          out.data[p * 4] = 0; out.data[p * 4 + 1] = 255; out.data[p * 4 + 2] = 0;
        }
      }
    }
    ctx.putImageData(out, 0, 0);
  }

  function showEval(e) {
    if (!e) { evalBox.replaceChildren(h('p', { class: 'muted' }, 'No ground truth for these images (data/test_labels/<same name>).')); return; }
    if (e.error) { evalBox.replaceChildren(h('p', { class: 'error' }, e.error)); return; }
    const num = v => (typeof v === 'number' ? v.toFixed(3) : String(v));
    evalBox.replaceChildren(h('table', { id: 'eval-table' },
      h('tr', {}, ...['image', 'Dice', 'IoU', 'pixel accuracy', 'APD (mm)', 'good contour'].map(t => h('th', {}, t))),
      ...e.rows.map(r => h('tr', {}, h('td', {}, r.image), h('td', {}, num(r.dice)), h('td', {}, num(r.iou)),
        h('td', {}, num(r.pixelAccuracy)), h('td', {}, num(r.apdMm)), h('td', {}, r.good ? 'yes' : 'no')))),
      h('details', {}, h('summary', {}, 'summary'), h('pre', {}, JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'rows')), null, 2))));
  }

  window.addEventListener('dlp-tab', e => { if (e.detail === 'deploy') guarded(refresh); });
  onState(p => {
    if (!p.run) return;
    const changed = runSel.value !== p.run;
    if ([...runSel.options].some(o => o.value === p.run)) runSel.value = p.run;
    // a snapshot chosen in the Train tab: the weights list is made again for it
    if ((changed || p.deployWeights) && runSel.value === p.run && document.getElementById('tab-deploy').classList.contains('active')) guarded(() => defaults(p.run));
  });
  window.dlp.deploy = { results: () => last, uploadName };
  guarded(refresh);
}
