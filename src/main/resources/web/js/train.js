import { api, fileUrl, guarded, h, notify, onState, runSnapshots, saveView, setState, showTab, state, withToken } from './api.js';
import { chosenGpu } from './setup.js';

// Train: start / stop / resume runs; live loss, test loss, accuracy and Dice plots from server-sent events.
export function initTrain(root) {
  const netSel = h('select', { id: 'train-net' });
  const maxIter = h('input', { id: 'train-max-iter', type: 'number', placeholder: 'solver' });
  const snapshot = h('input', { id: 'train-snapshot', type: 'number', placeholder: 'solver' });
  const testInterval = h('input', { id: 'train-test-interval', type: 'number', placeholder: 'solver' });
  const runName = h('input', { id: 'train-run-name', placeholder: 'automatic', size: 16 });
  const weightsList = h('datalist', { id: 'train-weights-list' });
  const weights = h('input', { id: 'train-weights', placeholder: 'none: random init', size: 26, list: 'train-weights-list' });
  const weightsClear = h('button', { class: 'btn', id: 'train-weights-clear', title: 'start without pretrained weights',
    onclick: () => { weights.value = ''; weightsNote.textContent = ''; } }, '×');
  const weightsNote = h('div', { id: 'train-weights-note', class: 'muted' });
  const snapshotsBox = h('div', { id: 'train-snapshots' });
  const restartBtn = h('button', { class: 'btn', id: 'train-restart', hidden: true }, 'Start again under this name');
  const runsTable = h('table', { id: 'runs-table' });
  const title = h('h2', { id: 'run-title' }, 'No run selected');
  const bar = h('progress', { id: 'train-progress', value: 0, max: 1 });
  const progressText = h('div', { id: 'train-progress-text', class: 'muted' });
  const done = h('div', { id: 'train-done', hidden: true });
  const log = h('pre', { class: 'log', id: 'train-log' });
  const lossCanvas = h('canvas', { id: 'loss-chart' });
  const scoreCanvas = h('canvas', { id: 'score-chart' });
  const stopBtn = h('button', { class: 'btn', id: 'train-stop', onclick: () => act('stop') }, 'Stop');
  const resumeBtn = h('button', { class: 'btn', id: 'train-resume', onclick: () => act('resume') }, 'Resume');
  const startBtn = h('button', { class: 'primary', id: 'train-start', onclick: () => start() }, 'Start training');
  const nextBtn = h('button', { class: 'primary', id: 'train-next', onclick: () => showTab('deploy') }, 'Next step: Deploy →');

  root.append(h('div', { class: 'row' },
    h('div', { class: 'card', style: 'width:340px' }, h('h2', {}, 'New run'),
      h('label', {}, 'Net', netSel), h('label', {}, 'Max iterations', maxIter), h('label', {}, 'Snapshot every', snapshot),
      h('label', {}, 'Test interval', testInterval), h('label', {}, 'Run name', runName),
      h('label', {}, 'Pretrained weights (copied into matching layers)', h('span', {}, weights, ' ', weightsClear)), weightsList,
      weightsNote,
      h('div', {}, startBtn),
      h('h2', { style: 'margin-top:16px' }, 'Runs'), runsTable),
    h('div', { class: 'card grow' }, title, bar, progressText, h('div', {}, stopBtn, ' ', resumeBtn, ' ', nextBtn), done, restartBtn,
      h('div', { class: 'row' }, h('div', { class: 'grow chart-box' }, lossCanvas), h('div', { class: 'grow chart-box' }, scoreCanvas)),
      h('h2', {}, 'Snapshots'), snapshotsBox,
      h('h2', {}, 'Caffe log'), log)));
  running(null); // no run selected: nothing to stop or resume

  const lossChart = new Chart(lossCanvas, {
    type: 'line',
    data: { datasets: [
      { label: 'training loss', data: [], borderColor: '#2f6fde', pointRadius: 1.5, borderWidth: 1.5 },
      { label: 'test loss', data: [], borderColor: '#d08a1c', pointRadius: 3, borderWidth: 1.5 }] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'iteration' } }, y: { title: { display: true, text: 'loss' } } } },
  });
  const scoreChart = new Chart(scoreCanvas, {
    type: 'line',
    data: { datasets: [
      { label: 'Dice', data: [], borderColor: '#1e9e5a', pointRadius: 3 },
      { label: 'accuracy', data: [], borderColor: '#8e44ad', pointRadius: 3 }] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'iteration' } }, y: { min: 0, max: 1 } } },
  });
  window.dlp.charts = { loss: lossChart, score: scoreChart };

  let es = null;
  let logTimer = null;
  let generation = 0; // the latest select(): an older one that resumes after an await stops there

  async function refreshNets() {
    const nets = await api('/api/nets');
    const current = netSel.value || state.net;
    netSel.replaceChildren(...nets.nets.filter(n => n.files.includes('solver.prototxt')).map(n => h('option', { value: n.name }, n.name)));
    if (current) netSel.value = current;
  }

  async function refreshRuns() {
    const r = await api('/api/runs');
    runsTable.replaceChildren(h('tr', {}, h('th', {}, 'run'), h('th', {}, 'status')),
      ...r.runs.map(run => {
        const tr = h('tr', { class: run.id === state.run ? 'selected' : '', 'data-run': run.id, style: 'cursor:pointer' },
          h('td', {}, run.id), h('td', { class: 'status' }, run.status));
        tr.addEventListener('click', () => select(run.id));
        return tr;
      }));
  }

  async function start(again) {
    if (startBtn.disabled) return;
    const body = { net: again && again.net ? again.net : netSel.value };
    if (!body.net) { notify('choose a net (one with a solver.prototxt)', true); return; }
    const name = again && again.run ? again.run : runName.value.trim();
    if (name) body.run = name;
    if (maxIter.value) body.maxIter = Number(maxIter.value);
    if (snapshot.value) body.snapshot = Number(snapshot.value);
    if (testInterval.value) body.testInterval = Number(testInterval.value);
    if (weights.value.trim()) body.weights = weights.value.trim(); // only what this form shows
    const gpu = chosenGpu();
    if (gpu != null) body.gpu = gpu;
    startBtn.disabled = true; // one run per click: a second click while this start is on its way does nothing
    let r;
    try { r = await guarded(() => api('/api/runs', { method: 'POST', json: body })); } finally { startBtn.disabled = false; }
    if (!r) return;
    // the server's notes (a test pass that does not cover the validation set, a replaced folder) stay visible
    const notes = Array.isArray(r.notes) ? r.notes : [];
    notify('Training started: ' + r.id + (notes.length ? '. ' + notes.join(' ') : ''), notes.length > 0);
    runName.value = '';
    await select(r.id);
  }

  async function act(what) {
    if (!state.run) { notify(`select a run in the Runs list first: nothing to ${what}`, true); return; }
    const r = await guarded(() => api(`/api/runs/${state.run}/${what}`, { method: 'POST' }));
    if (r) { notify(`${state.run}: ${r.status}`); if (what === 'resume') await select(state.run); else refreshRuns(); }
  }

  function clear() {
    for (const c of [lossChart, scoreChart]) { c.data.datasets.forEach(d => { d.data = []; }); c.update(); }
  }

  let maxIterSeen = 0;
  let seen = new Set();
  /** Adds one metrics event to the charts (once: metrics.jsonl and the live stream may both carry it). */
  function add(e) {
    const it = e.iteration;
    const key = e.event + ':' + it;
    if ((e.event === 'iteration' || e.event === 'test') && seen.has(key)) return;
    seen.add(key);
    if (e.event === 'iteration') {
      // a diverged run's loss arrives as the string "NaN" (JSON has no NaN): shown as text, not plotted
      const loss = Number(e.smoothed_loss ?? e.loss);
      if (Number.isFinite(loss)) lossChart.data.datasets[0].data.push({ x: it, y: loss });
      maxIterSeen = e.max_iter || maxIterSeen;
      bar.max = maxIterSeen || 1;
      bar.value = it;
      const ms = Number(e.ms_per_iter);
      const eta = ms && maxIterSeen ? (maxIterSeen - it) * ms / 1000 : null;
      progressText.textContent = `iteration ${it}/${maxIterSeen || '?'} · loss ${Number.isFinite(loss) ? loss.toFixed(4) : 'NaN'}`
        + (ms ? ` · ${ms.toFixed(0)} ms/iter` : '') + (Number.isFinite(eta) ? ` · ETA ${fmt(eta)}` : '');
    } else if (e.event === 'test') {
      if (typeof e.test_loss === 'number') lossChart.data.datasets[1].data.push({ x: it, y: e.test_loss });
      if (e.dice != null && typeof e.dice === 'number') scoreChart.data.datasets[0].data.push({ x: it, y: e.dice });
      if (e.accuracy != null && typeof e.accuracy === 'number') scoreChart.data.datasets[1].data.push({ x: it, y: e.accuracy });
    } else if (e.event === 'snapshot') {
      progressText.textContent += ` · snapshot @ ${it}`;
    }
  }

  function fmt(s) { return s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`; }

  /** true: the run trains (Stop); false: it ended (Resume); null: no run selected (neither). */
  function running(on) {
    stopBtn.disabled = on !== true;
    resumeBtn.disabled = on !== false;
    const why = on == null ? 'select a run in the Runs list first' : '';
    stopBtn.title = why; resumeBtn.title = why;
  }

  async function select(id, { restoring = false } = {}) {
    const mine = ++generation;
    if (es) es.close();
    es = null;
    running(true);
    clearInterval(logTimer);
    setState({ run: id });
    saveView();
    title.textContent = 'Run ' + id;
    done.hidden = true;
    restartBtn.hidden = true;
    snapshotsBox.replaceChildren();
    bar.max = 1; bar.value = 0;
    progressText.textContent = '';
    clear();
    maxIterSeen = 0;
    seen = new Set();
    // what is on disk first (a resumed run's stream starts at the resume point), then the live stream
    let run;
    try { run = await api(`/api/runs/${id}`); } catch (e) {
      if (mine !== generation) return;
      if (e.status === 404 || e.status === 400) { // e.g. a run restored after a reload that was deleted since
        unselect();
        notify(`run '${id}' ${restoring ? 'shown before the reload ' : ''}is gone: ${e.message}`, true);
        return;
      }
      notify(e.message, true);
    }
    if (mine !== generation) return; // another run was chosen meanwhile: it owns the charts and the stream
    showSnapshots(id, run);
    for (const m of (run && run.metrics) || []) add({ ...m, event: m.dice !== undefined || m.test_loss !== undefined ? 'test' : 'iteration' });
    lossChart.update(); scoreChart.update();
    const stream = new EventSource(withToken(`/api/runs/${id}/events`));
    es = stream;
    let pending = false;
    const redraw = () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; lossChart.update(); scoreChart.update(); }); } };
    for (const name of ['iteration', 'test', 'snapshot', 'weights']) {
      stream.addEventListener(name, ev => {
        const e = JSON.parse(ev.data); e.event = e.event || name; add(e); redraw();
        if (name === 'weights' && e.text) log.textContent += e.text;
        if (name === 'snapshot' && mine === generation) showSnapshots(id);
      });
    }
    stream.addEventListener('end', ev => {
      stream.close();
      if (mine !== generation) return;
      running(false);
      const e = JSON.parse(ev.data);
      const s = e.summary || {};
      done.hidden = false;
      done.className = e.outcome === 'completed' ? 'ok' : (e.outcome === 'stopped' ? 'muted' : 'error');
      done.textContent = `Training ${e.outcome}` + (s.iteration != null ? ` after ${s.iteration} iterations` : '')
        + (typeof s.best_dice === 'number' ? `, best Dice ${s.best_dice.toFixed(3)}` : '') + (e.error ? `: ${e.error}` : '')
        // the check line once: a crash's error message usually quotes it already
        + (e.check && !(e.error || '').includes(e.check) ? ` (${e.check})` : '')
        + (e.outcome === 'interrupted' ? ': the process that ran it has ended (server or command stopped); Resume continues from its last snapshot' : '');
      if (e.outcome === 'completed' || e.outcome === 'stopped') bar.value = e.outcome === 'completed' ? bar.max : bar.value;
      lossChart.update(); scoreChart.update();
      refreshRuns(); tail();
      clearInterval(logTimer);
      showSnapshots(id).then(list => {
        // a run that failed before its first snapshot cannot be resumed: offer to start it again under its name (the
        // server replaces such a run; a stopped one, or one with snapshots, it keeps: then its answer says so)
        if (mine === generation && !list.length && ['crashed', 'failed', 'diverged', 'interrupted'].includes(e.outcome)) {
          restartBtn.hidden = false;
          resumeBtn.disabled = true;
          resumeBtn.title = 'no snapshot to resume from';
        }
      });
    });
    refreshRuns();
    tail();
    logTimer = setInterval(tail, 2000);
  }

  async function tail() {
    if (!state.run) return;
    try {
      const r = await api(`/api/runs/${state.run}/log?lines=60`);
      log.textContent = r.lines.length ? r.lines.join('\n') : '(caffe.log is empty so far)';
      log.scrollTop = log.scrollHeight;
    } catch (e) { /* not started yet */ }
  }

  function unselect() {
    generation++;
    if (es) es.close();
    es = null;
    clearInterval(logTimer);
    setState({ run: null });
    saveView();
    title.textContent = 'No run selected';
    done.hidden = true;
    restartBtn.hidden = true;
    snapshotsBox.replaceChildren();
    log.textContent = '';
    running(null);
    refreshRuns();
  }

  /** The run's snapshots, newest first, each with its weights file and a button that opens it in Deploy. */
  async function showSnapshots(id, run) {
    let list = [];
    try { list = await runSnapshots(id, run); } catch (e) { snapshotsBox.replaceChildren(h('p', { class: 'error' }, e.message)); return list; }
    if (state.run !== id) return list;
    if (!list.length) { snapshotsBox.replaceChildren(h('p', { class: 'muted' }, 'No snapshot yet.')); return list; }
    snapshotsBox.replaceChildren(h('table', { id: 'snapshots-table' },
      h('tr', {}, h('th', {}, 'iteration'), h('th', {}, 'weights'), h('th', {}, '')),
      ...list.map(sn => h('tr', { 'data-iteration': sn.iteration },
        h('td', {}, String(sn.iteration)),
        h('td', {}, h('a', { href: fileUrl(sn.weights) + '&download=1' }, sn.weights)),
        h('td', {}, h('button', { class: 'btn', onclick: () => { setState({ run: id, deployWeights: sn.weights }); showTab('deploy'); } },
          'Use in Deploy'))))));
    return list;
  }

  restartBtn.addEventListener('click', () => guarded(async () => {
    const id = state.run;
    const r = await api(`/api/runs/${id}`);
    // the net it was started from: run.json's origin (or solver) is nets/<net>/solver.prototxt
    const m = /(?:^|[\/])nets[\/]([^\/]+)[\/]solver\.prototxt$/.exec((r.run && (r.run.origin || r.run.solver)) || r.solver || '');
    await start({ run: id, net: m ? m[1] : netSel.value });
  }));

  async function refreshWeights() {
    const files = [];
    try {
      const dir = await api('/api/files?path=weights');
      files.push(...dir.entries.filter(e => !e.dir && /\.caffemodel(\.h5)?$/.test(e.name)).map(e => e.path));
    } catch (e) { /* no weights/ folder */ }
    weightsList.replaceChildren(...files.map(f => h('option', { value: f })));
  }

  window.addEventListener('dlp-tab', e => {
    if (e.detail === 'train') guarded(async () => { await refreshNets(); await refreshRuns(); await refreshWeights(); });
  });
  onState(p => {
    if (p.net && [...netSel.options].some(o => o.value === p.net)) netSel.value = p.net;
    // the Net tab's weight-transfer file, offered here where it shows before a start (and can be cleared)
    if (p.pretrained !== undefined) {
      weights.value = p.pretrained;
      weightsNote.textContent = p.pretrained ? 'from the Net tab\'s weight-transfer field' : '';
    }
  });
  window.dlp.train = { select };
  guarded(async () => { await refreshNets(); await refreshRuns(); });
}
