import { api, guarded, showTab, setState } from './api.js';
import { initSetup } from './setup.js';
import { initData } from './data.js';
import { initNet } from './net.js';
import { initTrain } from './train.js';
import { initDeploy } from './deploy.js';

window.dlp = window.dlp || {};
document.querySelectorAll('#tabs button').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));

guarded(async () => {
  const settings = await api('/api/settings');
  setState({ settings });
});
initSetup(document.getElementById('tab-setup'));
initData(document.getElementById('tab-data'));
initNet(document.getElementById('tab-net'));
initTrain(document.getElementById('tab-train'));
initDeploy(document.getElementById('tab-deploy'));
window.dlp.ready = true;
