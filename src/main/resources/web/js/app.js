import { api, guarded, showTab, setState, savedView } from './api.js';
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
// after a reload: the module and the run shown before (a run still training gets its live stream again)
const view = savedView();
if (view.run) window.dlp.train.select(view.run, { restoring: true });
if (view.tab) showTab(view.tab);
window.dlp.ready = true;
