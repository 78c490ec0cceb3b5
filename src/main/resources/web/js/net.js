import { api, guarded, h, notify, setState, state } from './api.js';
import { drawGraph } from './graph.js';

const SOLVER_FIELDS = ['max_iter', 'base_lr', 'lr_policy', 'momentum', 'weight_decay', 'test_iter', 'test_interval',
  'display', 'snapshot', 'snapshot_prefix', 'solver_mode'];

// Net: Net Library (drag onto the canvas), graph, Component Setting panel, Solver, validation, prototxt import/save.
export function initNet(root) {
  const libList = h('ul', { id: 'library-list' });
  const wsList = h('ul', { id: 'nets-list' });
  const canvas = h('div', { id: 'net-canvas' }, h('div', { class: 'hint' }, 'Drag a net from the library here'));
  const title = h('h2', { id: 'net-title' }, 'No net loaded');
  const props = h('div', { id: 'component-setting', class: 'props' }, h('p', { class: 'muted' }, 'Select a layer in the graph.'));
  const solverBox = h('div', { id: 'solver-setting', class: 'props' }, h('p', { class: 'muted' }, 'Load a net.'));
  const problemsBox = h('ul', { id: 'net-problems', class: 'problems' });
  const validateStatus = h('div', { id: 'validate-status', class: 'muted' });
  const editor = h('textarea', { id: 'prototxt-editor', rows: 14, spellcheck: 'false' });
  const editorFile = h('select', { id: 'prototxt-file' }, ...['train_val', 'solver', 'deploy', 'labels'].map(f => h('option', { value: f }, f)));
  const importName = h('input', { id: 'import-net-name', placeholder: 'new net name' });
  const importFile = h('input', { type: 'file', id: 'import-net-file', accept: '.prototxt,.txt' });
  const weightsPath = h('input', { id: 'pretrained-weights', placeholder: 'weights/….caffemodel (optional)', size: 30 });
  const transferOut = h('pre', { id: 'transfer-report', class: 'muted' });
  const deployStatus = h('span', { id: 'net-deploy-status', class: 'muted' });
  let layers = [];
  let graph = { nodes: [], edges: [], width: 0, height: 0 };
  let selected = null;
  let problems = new Map();

  root.append(h('div', { class: 'row' },
    h('div', { class: 'card library', style: 'width:230px' }, h('h2', {}, 'Net Library'), libList,
      h('h2', { style: 'margin-top:14px' }, 'Workspace nets'), wsList),
    h('div', { class: 'card grow' }, title,
      h('div', {}, h('button', { class: 'primary', id: 'net-validate', onclick: validate }, 'Validate'), ' ',
        h('button', { class: 'btn', id: 'net-reload', onclick: () => state.net && load(state.net) }, 'Reload'), ' ',
        h('button', { class: 'btn', id: 'net-deploy', onclick: generateDeploy,
          title: 'Writes deploy.prototxt from train_val.prototxt: an Input layer instead of the data layers, no loss or accuracy layers' },
        'Generate deploy.prototxt'), ' ', validateStatus, h('div', {}, deployStatus)),
      problemsBox, canvas),
    h('div', { style: 'width:320px' },
      h('div', { class: 'card' }, h('h2', {}, 'Component Setting'), props),
      h('div', { class: 'card' }, h('h2', {}, 'Add component'), addForm()),
      h('div', { class: 'card' }, h('h2', {}, 'Solver'), solverBox,
        h('label', {}, 'Pretrained weights', weightsPath),
        h('p', { class: 'muted' }, 'Checked here against this net; a training run starts from the weights named in the Train tab.'),
        h('button', { class: 'btn', onclick: transfer }, 'Weight-transfer report'), transferOut))),
    h('div', { class: 'row' },
      h('div', { class: 'card grow' }, h('h2', {}, 'Prototxt'), h('label', {}, 'File', editorFile), ' ',
        h('button', { class: 'primary', id: 'prototxt-save', onclick: save }, 'Save'), editor),
      h('div', { class: 'card', style: 'width:360px' }, h('h2', {}, 'Import a prototxt'),
        h('label', {}, 'Net name', importName), importFile,
        h('p', { class: 'muted' }, 'Or paste train_val text into the editor, name the net here and press Import.'),
        h('button', { class: 'btn', id: 'import-net', onclick: importNet }, 'Import'))));
  editorFile.addEventListener('change', loadText);
  // offered to the Train tab's start form, where it shows and can be changed or cleared; never sent from here
  weightsPath.addEventListener('change', () => setState({ pretrained: weightsPath.value.trim() }));

  canvas.addEventListener('dragover', e => { e.preventDefault(); canvas.classList.add('over'); });
  canvas.addEventListener('dragleave', () => canvas.classList.remove('over'));
  canvas.addEventListener('drop', e => {
    e.preventDefault();
    canvas.classList.remove('over');
    const data = e.dataTransfer.getData('text/plain');
    if (!data) return;
    const item = JSON.parse(data);
    guarded(() => open(item.source, item.name));
  });

  // a library net is first written into the workspace (kept when it is there already), then loaded
  async function open(source, name) {
    if (source === 'library') {
      const r = await api('/api/nets', { method: 'POST', json: { from: name, name } });
      await refreshLists();
      await load(r.name || name);
    } else {
      await load(name);
    }
  }

  function entry(source, name, label, desc) {
    const li = h('li', { draggable: 'true', 'data-net': name, 'data-source': source, title: desc || '' }, label);
    li.addEventListener('dragstart', e => e.dataTransfer.setData('text/plain', JSON.stringify({ source, name })));
    li.addEventListener('dblclick', () => guarded(() => open(source, name)));
    return li;
  }

  async function refreshLists() {
    try {
      const lib = await api('/api/library');
      libList.replaceChildren(...lib.entries.map(e => entry('library', e.name, `${e.name} (${e.type})`, e.description)));
    } catch (e) {
      libList.replaceChildren(h('li', { class: 'muted', draggable: 'false' }, e.status === 501 ? 'Library not available in this build' : e.message));
    }
    const nets = await api('/api/nets');
    wsList.replaceChildren(...nets.nets.map(n => entry('ws', n.name, n.name, n.files.join(', '))));
    if (!nets.nets.length) wsList.append(h('li', { class: 'muted', draggable: 'false' }, 'none yet'));
  }

  async function load(name) {
    const r = await api(`/api/nets/${encodeURIComponent(name)}/layers`);
    layers = r.layers || [];
    graph = await api(`/api/nets/${encodeURIComponent(name)}/graph`);
    problems = new Map();
    problemsBox.replaceChildren();
    validateStatus.textContent = '';
    showDeploy('', 'muted');
    selected = null;
    setState({ net: name });
    title.textContent = `${name} — ${layers.length} layers`;
    redraw();
    showProps();
    showSolver(r.solver);
    await loadText();
  }

  function redraw() {
    drawGraph(canvas, graph, { selected, problems, onSelect: n => { selected = n; redraw(); showProps(); } });
  }

  /** After an edit: the layers came back with the answer; the graph is laid out again by the server. */
  async function relayout() {
    graph = await api(`/api/nets/${encodeURIComponent(state.net)}/graph`);
    redraw();
  }

  function showProps() {
    const picker = h('select', { id: 'layer-picker' }, h('option', { value: '' }, '— layer —'),
      ...layers.map(x => h('option', { value: x.name, selected: x.name === selected }, `${x.name} (${x.type}${x.phase ? ', ' + x.phase : ''})`)));
    picker.addEventListener('change', () => { selected = picker.value || null; redraw(); showProps(); });
    const l = layers.find(x => x.name === selected);
    if (!l) { props.replaceChildren(h('label', {}, 'layer', picker), h('p', { class: 'muted' }, 'Select a layer in the graph or the list.')); return; }
    const inputs = {};
    const name = h('input', { value: l.name, 'data-prop': 'name' });
    const rows = Object.entries(l.params).map(([k, v]) => {
      inputs[k] = h('input', { value: v, 'data-prop': k });
      return h('label', {}, k, inputs[k]);
    });
    const newKey = h('input', { placeholder: 'e.g. convolution_param.pad', id: 'prop-new-key' });
    const newVal = h('input', { placeholder: 'value', id: 'prop-new-value' });
    props.replaceChildren(
      h('label', {}, 'layer', picker),
      h('label', {}, 'name', name),
      h('div', { class: 'muted' }, `${l.type}: ${l.bottoms.join(', ') || '—'} → ${l.tops.join(', ') || '—'}` + (l.line ? ` (line ${l.line})` : '')),
      ...rows,
      h('label', {}, 'add property', newKey), h('label', {}, 'value', newVal),
      h('button', { class: 'primary', id: 'prop-apply', onclick: () => guarded(apply) }, 'Apply'), ' ',
      h('button', { class: 'btn', id: 'layer-remove', onclick: () => guarded(remove) }, 'Remove layer'));

    async function apply() {
      const ops = [];
      for (const [k, input] of Object.entries(inputs)) if (input.value !== l.params[k]) ops.push({ op: 'set', layer: l.name, path: k, value: input.value });
      if (newKey.value) ops.push({ op: 'set', layer: l.name, path: newKey.value, value: newVal.value });
      if (name.value !== l.name) ops.push({ op: 'rename', layer: l.name, to: name.value });
      if (!ops.length) return;
      await edit('train_val', ops);
      selected = name.value;
      await relayout();
      showProps();
      notify(`${l.name}: ${ops.length} change(s) saved`);
    }
    async function remove() {
      await edit('train_val', [{ op: 'remove', layer: l.name }]);
      selected = null;
      await relayout();
      showProps();
    }
  }

  // throws the server's own message; every caller runs inside guarded(), which shows it once
  async function edit(file, ops) {
    const r = await api(`/api/nets/${encodeURIComponent(state.net)}/edit`, { method: 'POST', json: { file, ops } });
    if (r.layers) layers = r.layers;
    if (r.solver) showSolver(r.solver);
    title.textContent = `${state.net} — ${layers.length} layers`;
    // the server keeps deploy.prototxt in step with train_val: "regenerated", "unchanged", "none" or "not regenerated: why"
    if (r.deploy === 'regenerated') {
      showDeploy(`deploy.prototxt regenerated to match this change (nets/${state.net}/deploy.prototxt)`, 'ok');
      notify('deploy.prototxt regenerated to match the edited net');
    } else if (typeof r.deploy === 'string' && r.deploy.startsWith('not regenerated')) {
      showDeploy(`deploy.prototxt ${r.deploy} — it may no longer fit this net's weights`, 'error');
    }
    if (editorFile.value === file || (r.deploy === 'regenerated' && editorFile.value === 'deploy')) await loadText();
    return r;
  }

  function showDeploy(text, cls) { deployStatus.textContent = text; deployStatus.className = cls; }

  /** POST /api/nets/{name}/deploy: deploy.prototxt written again from train_val (a server without it answers 404). */
  async function generateDeploy() {
    if (!state.net) { notify('load a net first', true); return; }
    const name = state.net;
    try {
      const r = await api(`/api/nets/${encodeURIComponent(name)}/deploy`, { method: 'POST', json: {} });
      showDeploy(`Wrote ${r.file || `nets/${name}/deploy.prototxt`}` + (r.layers != null ? ` (${r.layers} layers)` : ''), 'ok');
      notify('deploy.prototxt generated');
      if (editorFile.value === 'deploy') await loadText();
      await refreshLists();
    } catch (e) {
      // this route missing from the server: 405 (other methods exist on /api/nets/{name}/{file}) or "no such endpoint"
      const missing = e.status === 405 || (e.status === 404 && /no such endpoint/i.test(e.message));
      showDeploy(missing ? 'This server cannot generate deploy.prototxt (no POST /api/nets/{name}/deploy: update dlp4j);'
        + ' edit the deploy file in the Prototxt editor instead.' : 'deploy.prototxt not written: ' + e.message, 'error');
    }
  }

  function addForm() {
    const n = h('input', { placeholder: 'name', id: 'add-name' });
    const t = h('input', { placeholder: 'type (e.g. ReLU)', id: 'add-type' });
    const b = h('input', { placeholder: 'bottom(s), comma separated', id: 'add-bottom' });
    const tp = h('input', { placeholder: 'top(s)', id: 'add-top' });
    const split = s => s.split(',').map(x => x.trim()).filter(Boolean);
    return h('div', { class: 'props' }, h('label', {}, 'name', n), h('label', {}, 'type', t), h('label', {}, 'bottom', b),
      h('label', {}, 'top', tp),
      h('button', { class: 'btn', id: 'add-layer', onclick: () => guarded(async () => {
        if (!state.net) throw new Error('load a net first');
        const op = { op: 'add', layer: { name: n.value, type: t.value, bottom: split(b.value), top: split(tp.value) } };
        if (selected) op.after = selected;
        await edit('train_val', [op]);
        selected = n.value;
        await relayout();
        showProps();
      }) }, selectedText()));
    function selectedText() { return 'Add (after the selected layer)'; }
  }

  function showSolver(fields) {
    if (!fields) { solverBox.replaceChildren(h('p', { class: 'muted' }, 'This net has no solver.prototxt.')); return; }
    const inputs = {};
    const rows = SOLVER_FIELDS.map(k => {
      inputs[k] = k === 'solver_mode'
        ? h('select', { 'data-solver': k }, ...['CPU', 'GPU'].map(m => h('option', { value: m, selected: fields[k] === m }, m)))
        : h('input', { value: fields[k] ?? '', 'data-solver': k });
      return h('label', {}, k, inputs[k]);
    });
    solverBox.replaceChildren(...rows, h('button', { class: 'primary', id: 'solver-apply', onclick: () => guarded(async () => {
      const ops = SOLVER_FIELDS.filter(k => (inputs[k].value || '') !== (fields[k] ?? (k === 'solver_mode' ? 'CPU' : '')))
        .map(k => ({ op: 'set', path: k, value: inputs[k].value }));
      if (!ops.length) return;
      await edit('solver', ops);
      notify('Solver saved');
    }) }, 'Apply solver'));
  }

  async function loadText() {
    if (!state.net) return;
    try { editor.value = await api(`/api/nets/${encodeURIComponent(state.net)}/${editorFile.value}`); }
    catch (e) { editor.value = ''; editor.placeholder = e.message; }
  }

  async function save() {
    if (!state.net) { notify('load or import a net first', true); return; }
    const r = await guarded(() => api(`/api/nets/${encodeURIComponent(state.net)}/${editorFile.value}`, { method: 'PUT', text: editor.value }));
    if (r) { notify('Saved ' + r.saved); await load(state.net); }
  }

  async function importNet() {
    const name = importName.value.trim();
    if (!name) { notify('give the net a name', true); return; }
    const text = importFile.files.length ? await importFile.files[0].text() : editor.value;
    const r = await guarded(() => api(`/api/nets/${encodeURIComponent(name)}/train_val`, { method: 'PUT', text }));
    if (r) { await refreshLists(); await load(name); notify('Imported ' + r.saved); }
  }

  async function validate() {
    if (!state.net) { notify('load a net first', true); return; }
    await guarded(async () => {
      const all = [];
      for (const file of ['train_val', 'solver']) {
        try {
          const r = await api('/api/nets/validate', { method: 'POST', json: { name: state.net, file } });
          // the solver's check covers its net again: keep each problem once
          for (const p of r.problems) if (!all.some(q => q.file === p.file && q.layer === p.layer && q.what === p.what)) all.push(p);
        } catch (e) { if (e.status !== 404) throw e; }
      }
      problems = new Map();
      for (const p of all) if (p.layer) problems.set(p.layer, [...(problems.get(p.layer) || []), p.what]);
      problemsBox.replaceChildren(...all.map(p => h('li', {}, `${p.file}${p.line ? ':' + p.line : ''}${p.layer ? ` layer '${p.layer}'` : ''}: ${p.what}${p.fix ? ' → ' + p.fix : ''}`)));
      validateStatus.textContent = all.length ? `${all.length} problem(s)` : 'Valid: Caffe will accept this net and solver.';
      validateStatus.className = all.length ? 'error' : 'ok';
      redraw();
    });
  }

  async function transfer() {
    if (!state.net) { notify('load a net first', true); return; }
    try {
      const r = await api(`/api/nets/${encodeURIComponent(state.net)}/transfer`, { method: 'POST', json: { weights: weightsPath.value } });
      transferOut.textContent = r.text || JSON.stringify(r, null, 2);
    } catch (e) { transferOut.textContent = e.message; }
  }

  window.dlp.net = { load, layers: () => layers };
  guarded(refreshLists);
}
