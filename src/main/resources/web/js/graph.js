// Draws a net's layers as boxes and arrows (SVG). Layers are placed in rows by their distance from the data.
const NS = 'http://www.w3.org/2000/svg';
const W = 170, H = 46, ROW = 80, GAP = 24;

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/**
 * Places layers: depth = 1 + deepest producer of a bottom (in-place layers follow their producer). Layers that
 * exist in one phase only (a TRAIN and a TEST data layer with the same top) are both producers of that blob.
 */
export function layout(layers) {
  const producers = new Map();
  const placed = layers.map((l, i) => {
    const from = l.bottoms.flatMap(b => producers.get(b) || []);
    const depth = from.length ? Math.max(...from.map(p => p.depth)) + 1 : 0;
    const p = { layer: l, index: i, depth, from };
    for (const t of l.tops) {
      const prev = producers.get(t) || [];
      const otherPhase = l.phase && prev.length && prev.every(q => q.layer.phase && q.layer.phase !== l.phase);
      producers.set(t, otherPhase ? [...prev, p] : [p]);
    }
    return p;
  });
  const rows = new Map();
  for (const p of placed) {
    const r = rows.get(p.depth) || [];
    p.col = r.length;
    r.push(p);
    rows.set(p.depth, r);
  }
  const widest = Math.max(1, ...[...rows.values()].map(r => r.length));
  for (const p of placed) {
    const n = rows.get(p.depth).length;
    const offset = (widest - n) * (W + GAP) / 2;
    p.x = GAP + offset + p.col * (W + GAP);
    p.y = GAP + p.depth * ROW;
  }
  const depth = Math.max(0, ...placed.map(p => p.depth));
  return { placed, width: GAP * 2 + widest * (W + GAP), height: GAP * 2 + (depth + 1) * ROW };
}

function kindOf(type) {
  if (/Data|Input/.test(type)) return 'data';
  if (/Loss|Accuracy/.test(type)) return 'loss';
  return '';
}

/** Renders the graph; onSelect(layerName) on click. problems: Map layer name → messages. */
export function drawGraph(container, layers, { selected, problems = new Map(), onSelect } = {}) {
  const g = layout(layers);
  const svg = el('svg', { id: 'net-graph', width: g.width, height: g.height, viewBox: `0 0 ${g.width} ${g.height}` });
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8b93a7' }));
  defs.append(marker);
  svg.append(defs);
  for (const p of g.placed) {
    for (const f of p.from) {
      if (f === p) continue;
      const x1 = f.x + W / 2, y1 = f.y + H, x2 = p.x + W / 2, y2 = p.y;
      const my = (y1 + y2) / 2;
      svg.append(el('path', { class: 'edge', d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}` }));
    }
  }
  for (const p of g.placed) {
    const l = p.layer;
    const cls = ['layer', kindOf(l.type), l.name === selected ? 'selected' : '', problems.has(l.name) ? 'problem' : ''].join(' ');
    const grp = el('g', { class: cls, 'data-layer': l.name, transform: `translate(${p.x},${p.y})` });
    grp.append(el('rect', { width: W, height: H, rx: 5 }));
    grp.append(el('text', { x: 8, y: 18 }, l.name + (l.phase ? ` (${l.phase})` : '')));
    grp.append(el('text', { x: 8, y: 35, class: 'type' }, l.type + summary(l)));
    const tip = problems.has(l.name) ? problems.get(l.name).join('\n') : `${l.type}: ${l.bottoms.join(', ')} → ${l.tops.join(', ')}`;
    grp.append(el('title', {}, tip));
    grp.addEventListener('click', () => onSelect && onSelect(l.name));
    svg.append(grp);
  }
  container.replaceChildren(svg);
  return svg;
}

function summary(l) {
  const p = l.params || {};
  const n = Object.entries(p).find(([k]) => k.endsWith('num_output'));
  const k = Object.entries(p).find(([k]) => k.endsWith('kernel_size'));
  return (n ? ` · ${n[1]} out` : '') + (k ? ` · k${k[1]}` : '');
}
