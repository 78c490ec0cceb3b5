import { api, guarded, h, notify, showTab, state, onState, setState } from './api.js';

// Setup: DLP's first screen — working directory, device and versions, model and data type.
export function initSetup(root) {
  const versions = h('table', { id: 'versions' });
  const device = h('select', { id: 'setup-device' }, h('option', { value: 'cpu' }, 'CPU'));
  const modelType = h('select', { id: 'setup-model-type' },
    h('option', { value: 'segmentation' }, 'Segmentation'), h('option', { value: 'classification' }, 'Classification'));
  const dataType = h('select', { id: 'setup-data-type' },
    h('option', { value: 'sunnybrook' }, 'Sunnybrook cardiac MRI (DICOM + contours)'),
    h('option', { value: 'synthetic' }, 'Synthetic Sunnybrook-shaped data'),
    h('option', { value: 'images' }, 'Images + label masks (PNG)'));
  const wsLine = h('code', { id: 'setup-ws' }, '…');
  const problem = h('p', { id: 'setup-problem', class: 'error', hidden: true });
  root.append(
    h('div', { class: 'row' },
      h('div', { class: 'card grow' }, h('h2', {}, 'Working directory'), wsLine,
        h('p', { class: 'muted' }, 'Every file the UI reads or writes stays inside this folder: data/, nets/, runs/, predictions/.')),
      h('div', { class: 'card grow' }, h('h2', {}, 'Task'),
        h('label', {}, 'Model type', modelType), h('label', {}, 'Data type', dataType), h('label', {}, 'Device', device), problem,
        h('div', {}, h('button', { class: 'primary', id: 'setup-save', onclick: save }, 'Save and continue to Data')))),
    h('div', { class: 'card' }, h('h2', {}, 'Versions'), versions));

  async function save() {
    await guarded(async () => {
      const s = await api('/api/settings', { method: 'PUT', json: { modelType: modelType.value, dataType: dataType.value, device: device.value } });
      setState({ settings: s });
      notify('Settings saved');
      showTab('data');
    });
  }

  let gpusKnown = false;
  guarded(async () => {
    const v = await api('/api/version');
    wsLine.textContent = v.workspace;
    document.getElementById('ws-path').textContent = v.workspace;
    versions.append(...Object.entries(v).map(([k, val]) => h('tr', {}, h('th', {}, k), h('td', {}, String(val)))));
    for (let i = 0; i < Number(v.gpus || 0); i++) device.append(h('option', { value: 'gpu' + i }, 'GPU ' + i));
    gpusKnown = true;
    show(state.settings || {});
  });
  onState(p => { if (p.settings) show(p.settings); });

  /** The saved settings in the form, and what is wrong with them: the server's "problem", or a device this machine lacks. */
  function show(s) {
    if (s.modelType) modelType.value = s.modelType;
    if (s.dataType) dataType.value = s.dataType;
    const known = !s.device || [...device.options].some(o => o.value === s.device);
    if (s.device && known) device.value = s.device;
    const lines = [];
    if (s.problem) lines.push(String(s.problem));
    if (!known && gpusKnown && !s.problem) {
      lines.push(`The saved device '${s.device}' is not available here; ${device.options[device.selectedIndex].text} is used`
        + ' (what the Device list shows). Save to keep that.');
    }
    problem.textContent = lines.join(' ');
    problem.hidden = !lines.length;
  }
}

/** The GPU index chosen in Setup (what its Device list shows), or null for the CPU. */
export function chosenGpu() {
  const sel = document.getElementById('setup-device');
  const d = (sel && sel.value) || 'cpu';
  return d.startsWith('gpu') ? Number(d.slice(3)) : null;
}
