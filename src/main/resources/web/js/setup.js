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
  root.append(
    h('div', { class: 'row' },
      h('div', { class: 'card grow' }, h('h2', {}, 'Working directory'), wsLine,
        h('p', { class: 'muted' }, 'Every file the UI reads or writes stays inside this folder: data/, nets/, runs/, predictions/.')),
      h('div', { class: 'card grow' }, h('h2', {}, 'Task'),
        h('label', {}, 'Model type', modelType), h('label', {}, 'Data type', dataType), h('label', {}, 'Device', device),
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

  guarded(async () => {
    const v = await api('/api/version');
    wsLine.textContent = v.workspace;
    document.getElementById('ws-path').textContent = v.workspace;
    versions.append(...Object.entries(v).map(([k, val]) => h('tr', {}, h('th', {}, k), h('td', {}, String(val)))));
    for (let i = 0; i < Number(v.gpus || 0); i++) device.append(h('option', { value: 'gpu' + i }, 'GPU ' + i));
  });
  onState(p => {
    if (!p.settings) return;
    if (p.settings.modelType) modelType.value = p.settings.modelType;
    if (p.settings.dataType) dataType.value = p.settings.dataType;
    if (p.settings.device && [...device.options].some(o => o.value === p.settings.device)) device.value = p.settings.device;
  });
}

/** The GPU index chosen in Setup, or null for the CPU. */
export function chosenGpu() {
  const d = (state.settings && state.settings.device) || 'cpu';
  return d.startsWith('gpu') ? Number(d.slice(3)) : null;
}
