// Draws a net as laid out by the server (org.dlp4j.model.NetGraph): layer boxes, blob pills, arrows (SVG).
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

function kindOf(type) {
  if (/Data|Input/.test(type)) return 'data';
  if (/Loss|Accuracy/.test(type)) return 'loss';
  return '';
}

/** Layer names drawn in a node: its own and those of in-place layers folded into it ("+ ReLU relu1"). */
export function namesOf(node) {
  return [node.name, ...(node.details || []).filter(d => d.startsWith('+ ')).map(d => d.split(' ').pop())];
}

/**
 * Renders {nodes, edges, width, height}; onSelect(layerName) when a layer is clicked; problems: Map layer → messages
 * (a node is red when it or a layer folded into it has a problem).
 */
export function drawGraph(container, graph, { selected, problems = new Map(), onSelect } = {}) {
  const pad = 8;
  const svg = el('svg', { id: 'net-graph', width: graph.width + pad * 2, height: graph.height + pad * 2,
    viewBox: `${-pad} ${-pad} ${graph.width + pad * 2} ${graph.height + pad * 2}` });
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8b93a7' }));
  defs.append(marker);
  svg.append(defs);
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  for (const e of graph.edges) {
    const a = byId.get(e.from), b = byId.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + a.w / 2, y1 = a.y + a.h, x2 = b.x + b.w / 2, y2 = b.y;
    const my = (y1 + y2) / 2;
    svg.append(el('path', { class: 'edge', d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}` }));
  }
  for (const n of graph.nodes) {
    if (n.kind === 'blob') {
      const g = el('g', { class: 'blob', transform: `translate(${n.x},${n.y})` });
      g.append(el('rect', { width: n.w, height: n.h, rx: n.h / 2 }));
      g.append(el('text', { x: n.w / 2, y: n.h / 2 + 4, 'text-anchor': 'middle' }, n.name));
      svg.append(g);
      continue;
    }
    const names = namesOf(n);
    const bad = names.filter(x => problems.has(x));
    const cls = ['layer', kindOf(n.type), names.includes(selected) ? 'selected' : '', bad.length ? 'problem' : ''].join(' ');
    const g = el('g', { class: cls, 'data-layer': n.name, transform: `translate(${n.x},${n.y})` });
    g.append(el('rect', { width: n.w, height: n.h, rx: 5 }));
    g.append(el('text', { x: 8, y: 18 }, n.name));
    const info = (n.details || []).filter(d => !d.startsWith('+ ')).join(' · ');
    g.append(el('text', { x: 8, y: 35, class: 'type' }, n.type + (info ? ' · ' + info : '')));
    const folded = (n.details || []).filter(d => d.startsWith('+ '));
    g.append(el('title', {}, bad.length ? bad.flatMap(x => problems.get(x)).join('\n')
      : [n.type, ...(n.details || [])].join('\n')));
    if (folded.length) g.append(el('text', { x: n.w - 6, y: 14, 'text-anchor': 'end', class: 'type' }, folded.map(d => d.split(' ')[1]).join('+')));
    g.addEventListener('click', () => onSelect && onSelect(n.name));
    svg.append(g);
  }
  container.replaceChildren(svg);
  return svg;
}
