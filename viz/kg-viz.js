/* actor-kg HTML view: styles, lays out and explains the graph embedded as JSON in #kg-data.
 * Data only ever reaches the page through textContent, DOM properties, canvas text or vis-network
 * tooltips given as plain strings (which vis-network sets with innerText): never as HTML. */
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('kg-data').textContent);
  const meta = DATA.meta;
  const N = DATA.nodes.length;
  const E = DATA.edges.length;
  const BIG = N > 600;
  const LABEL_INSIDE = new Set(['box', 'ellipse', 'circle', 'database', 'text']);
  const FALLBACK_TYPE = { label: '(unknown type)', color: '#b0b0b0', shape: 'dot' };
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  const kg = (window.kg = { ready: false, readyMs: null, meta: meta, timing: { start: performance.now() } });

  // ---------- small helpers ----------
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'style') Object.assign(e.style, v);
      else e.setAttribute(k, v);
    }
    for (const c of [].concat(children === undefined ? [] : children)) {
      if (c !== null && c !== undefined && c !== false) e.append(c); // strings become text nodes
    }
    return e;
  }
  function rgb(c) {
    let m = /^#?([0-9a-f]{6})$/i.exec(c || '');
    if (m) return [0, 2, 4].map(i => parseInt(m[1].substr(i, 2), 16));
    m = /^#?([0-9a-f]{3})$/i.exec(c || '');
    if (m) return [0, 1, 2].map(i => parseInt(m[1][i] + m[1][i], 16));
    return [176, 176, 176];
  }
  function hex(parts) { return '#' + parts.map(x => Math.round(x).toString(16).padStart(2, '0')).join(''); }
  function mix(c, toward, t) { const a = rgb(c), b = rgb(toward); return hex(a.map((x, i) => x + (b[i] - x) * t)); }
  // The name-folding rule of actor_kg.text.names.normalize, with its table generated into meta.fold.
  const FOLD = new Map(Object.entries(meta.fold || {}));
  function norm(s) {
    const folded = Array.from(String(s), ch => (FOLD.has(ch) ? FOLD.get(ch) : ch)).join('').replace(/\s+/g, ' ').trim();
    return folded.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }
  // Similarity of two folded names, as difflib's ratio: 2 × matching characters / total length
  // (matching blocks found greedily, longest first), the measure behind the CLI's did-you-mean.
  function ratio(a, b) {
    function matches(a0, a1, b0, b1) {
      let best = 0, bi = a0, bj = b0;
      for (let i = a0; i < a1; i++) for (let j = b0; j < b1; j++) {
        let k = 0;
        while (i + k < a1 && j + k < b1 && a[i + k] === b[j + k]) k++;
        if (k > best) { best = k; bi = i; bj = j; }
      }
      return best ? best + matches(a0, bi, b0, bj) + matches(bi + best, a1, bj + best, b1) : 0;
    }
    return a.length + b.length ? 2 * matches(0, a.length, 0, b.length) / (a.length + b.length) : 1;
  }
  const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);
  function typeOf(n) { return own(meta.types, n.type) || FALLBACK_TYPE; }
  function polColor(p) { return own(meta.polarities, p) || '#8c8c8c'; }
  function sourceTitle(id) { return (own(meta.sources, id) || { title: id }).title || id; }
  function dateText(f) {
    if (!f.date) return '';
    const basis = f.date_basis && f.date_basis !== 'stated' ? ' (' + f.date_basis + (f.date_rule ? ': ' + f.date_rule : '') + ')' : '';
    return (f.date_qualifier ? f.date_qualifier + ' ' : '') + f.date + basis;
  }
  // The relation as the fact states it: a negated fact reads "not closes".
  function relText(f) { return (f.negated ? 'not ' : '') + (f.relation_label || f.relation || ''); }
  // The qualifiers as they read after the fact: "amount at least 40,000,000 USD, since 2022".
  const BOUND_WORDS = { exact: '', at_least: 'at least ', at_most: 'at most ', about: 'about ' };
  function qualText(f) {
    const parts = [];
    for (const [name, value] of Object.entries(f.qualifiers || {})) {
      const spec = own(meta.qualifiers || {}, name) || { label: name, type: '' };
      if (value && typeof value === 'object') parts.push(spec.label + ' ' + (BOUND_WORDS[value.bound] || '') + Number(value.value).toLocaleString('en') + (value.unit ? ' ' + value.unit : ''));
      else if (typeof value === 'boolean') parts.push(value ? spec.label : 'not ' + spec.label);
      else parts.push(spec.label + ' ' + (spec.type === 'entity' ? label(value) : value));
    }
    return parts.join(', ');
  }
  // Every quote of the fact's evidence, then the links its own words make to other facts.
  function evidenceBlocks(f) {
    const quotes = (f.evidence && f.evidence.length ? f.evidence.map(e => e.quote) : [f.quote]).filter(Boolean);
    const out = quotes.map(q => el('blockquote', { text: '\u201c' + q + '\u201d' }));
    for (const link of f.links || []) out.push(el('div', { class: 'fact-meta', text: link.type.replace(/_/g, ' ') + ' [' + link.fact + ']' + (link.quote ? ': \u201c' + link.quote + '\u201d' : '') }));
    return out;
  }

  const SVGNS = 'http://www.w3.org/2000/svg';
  function shapeIcon(shape, color) {
    const svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('width', '16'); svg.setAttribute('height', '16'); svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('class', 'shape');
    let s;
    const poly = pts => { const p = document.createElementNS(SVGNS, 'polygon'); p.setAttribute('points', pts); return p; };
    switch (shape) {
      case 'square': s = document.createElementNS(SVGNS, 'rect'); [['x', 2], ['y', 2], ['width', 12], ['height', 12]].forEach(a => s.setAttribute(a[0], a[1])); break;
      case 'box': case 'database': case 'text':
        s = document.createElementNS(SVGNS, 'rect'); [['x', 1], ['y', 4], ['width', 14], ['height', 8], ['rx', 2]].forEach(a => s.setAttribute(a[0], a[1])); break;
      case 'ellipse': s = document.createElementNS(SVGNS, 'ellipse'); [['cx', 8], ['cy', 8], ['rx', 7], ['ry', 4.5]].forEach(a => s.setAttribute(a[0], a[1])); break;
      case 'diamond': s = poly('8,1 15,8 8,15 1,8'); break;
      case 'triangle': s = poly('8,1.5 15,14 1,14'); break;
      case 'triangleDown': s = poly('1,2 15,2 8,14.5'); break;
      case 'hexagon': s = poly('4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8'); break;
      case 'star': s = poly('8,0.8 9.9,6 15.3,6 10.9,9.3 12.6,14.8 8,11.5 3.4,14.8 5.1,9.3 0.7,6 6.1,6'); break;
      default: s = document.createElementNS(SVGNS, 'circle'); [['cx', 8], ['cy', 8], ['r', 6]].forEach(a => s.setAttribute(a[0], a[1]));
    }
    s.setAttribute('fill', color);
    s.setAttribute('stroke', mix(color, '#000000', 0.35));
    s.setAttribute('stroke-width', '1');
    svg.append(s);
    return svg;
  }

  // ---------- indexes ----------
  const nodeById = new Map(DATA.nodes.map(n => [n.id, n]));
  const outEdges = new Map(), inEdges = new Map(), claimsBy = new Map();
  const push = (m, k, v) => { if (!m.has(k)) m.set(k, []); m.get(k).push(v); };
  for (const e of DATA.edges) {
    push(outEdges, e.from, e); push(inEdges, e.to, e);
    if (e.claimed_by) push(claimsBy, e.claimed_by, e);
  }
  for (const n of DATA.nodes) for (const l of n.literals || []) l.subject = n.id;
  for (const n of DATA.nodes) for (const l of n.literals || []) if (l.claimed_by) push(claimsBy, l.claimed_by, Object.assign({ _subject: n.id }, l));
  const hlNodes = new Set(meta.highlight.nodes), hlEdges = new Set(meta.highlight.edges);
  const pathMode = hlEdges.size > 0;
  const inPath = new Set(hlNodes);
  for (const e of DATA.edges) if (hlEdges.has(e.id)) { inPath.add(e.from); inPath.add(e.to); }

  // ---------- styles ----------
  function nodeStyle(n, mode) { // mode: base | dim
    const t = typeOf(n), hl = hlNodes.has(n.id);
    const faded = mode === 'dim' ? 0.82 : (pathMode && !inPath.has(n.id) ? 0.65 : 0);
    const c = faded ? mix(t.color, '#ffffff', faded) : t.color;
    const border = hl && !faded ? '#111111' : mix(c, '#000000', 0.3);
    const inside = LABEL_INSIDE.has(t.shape);
    const font = inside
      ? { size: 11 + Math.min(7, Math.sqrt(n.degree)), color: faded ? '#b8b8b8' : '#111111', face: FONT, strokeWidth: 0 }
      : { size: 11 + Math.min(15, 2.2 * Math.sqrt(n.degree)), color: faded ? '#d0d0d0' : '#1d1d1d', face: FONT, strokeWidth: faded ? 0 : 3, strokeColor: '#ffffff' };
    return {
      color: { background: c, border: border, highlight: { background: c, border: '#000000' }, hover: { background: c, border: '#000000' } },
      font: font,
      borderWidth: hl && !faded ? 4 : 1.5,
      shadow: hl && !faded ? { enabled: true, color: 'rgba(0,0,0,0.45)', size: 14, x: 0, y: 0 } : { enabled: false },
    };
  }
  function nodeItem(n) {
    const t = typeOf(n), inside = LABEL_INSIDE.has(t.shape);
    const item = Object.assign({ id: n.id, label: n.label, shape: t.shape, title: nodeTooltip(n) }, nodeStyle(n, 'base'));
    if (inside) { item.margin = 5; item.widthConstraint = { maximum: 140 }; }
    else item.size = 9 + Math.min(34, 4.5 * Math.sqrt(n.degree));
    return item;
  }
  function edgeStyle(e, mode) {
    const c = polColor(e.polarity), hl = hlEdges.has(e.id);
    const faded = mode === 'dim' || (pathMode && !hl);
    return {
      color: { color: faded ? mix(c, '#ffffff', 0.75) : c, highlight: c, hover: c, opacity: 1 },
      width: hl ? 5 : 1.6,
      // a faded fact keeps its line but not its label
      font: { size: hl ? 12 : 10, color: faded ? 'rgba(0,0,0,0)' : '#444444', face: FONT, strokeWidth: faded ? 0 : 3, strokeColor: '#ffffff', align: 'middle' },
    };
  }
  // Several facts between the same pair: curved edges fanned out, each with its own roundness.
  const smoothById = new Map(), loopSize = new Map();
  (function fan() {
    const groups = new Map();
    for (const e of DATA.edges) {
      const key = e.from < e.to ? e.from + '\u0000' + e.to : e.to + '\u0000' + e.from;
      push(groups, key, e);
    }
    for (const list of groups.values()) {
      if (list[0].from === list[0].to) { list.forEach((e, i) => loopSize.set(e.id, 14 + 9 * i)); continue; }
      const n = list.length;
      if (n === 1) continue;
      const step = Math.min(0.22, 1.6 / (n - 1));
      list.forEach((e, i) => {
        const off = (i - (n - 1) / 2) * step;
        if (Math.abs(off) < 1e-9) return;
        let cw = off > 0;
        if (e.from > e.to) cw = !cw; // the same side of the line whichever way the fact points
        smoothById.set(e.id, { enabled: true, type: cw ? 'curvedCW' : 'curvedCCW', roundness: Math.abs(off) });
      });
    }
  })();
  function edgeItem(e) {
    const item = Object.assign({ id: e.id, from: e.from, to: e.to, label: relText(e), title: edgeTooltip(e) }, edgeStyle(e, 'base'));
    item.smooth = smoothById.get(e.id) || { enabled: false };
    if (loopSize.has(e.id)) item.selfReference = { size: loopSize.get(e.id), angle: Math.PI / 4 };
    return item;
  }

  // ---------- tooltips (plain text; vis-network puts strings in with innerText) ----------
  function factCount(id) {
    return (outEdges.get(id) || []).length + (inEdges.get(id) || []).length + ((nodeById.get(id) || {}).literals || []).length;
  }
  function nodeTooltip(n) {
    const lines = [n.label, typeOf(n).label];
    if (n.aliases && n.aliases.length) lines.push('also: ' + n.aliases.join(', '));
    if (n.description) lines.push(n.description);
    lines.push(factCount(n.id) + ' facts \u2014 click for details');
    return lines.join('\n');
  }
  function label(id) { const n = nodeById.get(id); return n ? n.label : id; }
  function edgeTooltip(e) {
    const q = qualText(e);
    const lines = [label(e.from) + ' \u2192 ' + relText(e) + ' \u2192 ' + label(e.to) + (q ? ', ' + q : '')];
    lines.push(sourceTitle(e.source) + (e.date ? ' \u00b7 ' + dateText(e) : ''));
    const how = [];
    if (e.modality && e.modality !== 'asserted') how.push(e.modality);
    if (e.claimed_by) how.push('claimed by ' + (e.claimed_by_label || e.claimed_by));
    if (how.length) lines.push(how.join(' \u00b7 '));
    if (e.sources > 1) lines.push('stated by ' + e.sources + ' sources');
    if (e.quote) lines.push('\u201c' + e.quote + '\u201d');
    return lines.join('\n');
  }

  // ---------- data sets and network ----------
  // Highlighted nodes, then hubs, last, so that they and their labels are drawn on top.
  const rank = n => (inPath.has(n.id) ? 1e9 : 0) + n.degree;
  const nodes = new vis.DataSet(DATA.nodes.map((n, i) => [n, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(x => nodeItem(x[0])));
  const edges = new vis.DataSet(DATA.edges.map(edgeItem));
  kg.nodes = nodes; kg.edges = edges;
  kg.timing.datasets = performance.now();

  // A bounded layout: fewer iterations (and no overlap term, which costs a third) as the graph grows.
  const iterations = N <= 150 ? 400 : N <= 600 ? 300 : N <= 1500 ? 180 : 120;
  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: N <= 150 },
    nodes: { font: { face: FONT }, scaling: { label: { drawThreshold: 6 } } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      arrowStrikethrough: false,
      smooth: { enabled: false },
      selectionWidth: 1.5,
      hoverWidth: 0.8,
      scaling: { label: { drawThreshold: 7 } },
    },
    interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, multiselect: false, keyboard: false },
    physics: {
      enabled: true,
      solver: 'forceAtlas2Based',
      forceAtlas2Based: { gravitationalConstant: -65, centralGravity: 0.025, springLength: 160, springConstant: 0.05, damping: 0.5, avoidOverlap: BIG ? 0 : 0.8 },
      maxVelocity: 60,
      minVelocity: 1,
      timestep: 0.5,
      stabilization: { enabled: true, iterations: iterations, updateInterval: 25, fit: true },
    },
  };
  const container = document.getElementById('network');
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  kg.network = network;
  kg.timing.network = performance.now();

  // ---------- controls ----------
  const $ = id => document.getElementById(id);
  const details = $('details');
  const physicsBox = $('physics'), neighbourhoodBox = $('neighbourhood');
  $('subtitle').textContent = meta.subtitle || '';
  document.title = meta.title;

  function countBy(items, key) { const c = new Map(); for (const x of items) c.set(key(x), (c.get(key(x)) || 0) + 1); return c; }
  const allFacts = DATA.edges.concat(...DATA.nodes.map(n => n.literals || []));
  const typeCounts = countBy(DATA.nodes, n => n.type);
  const polCounts = countBy(allFacts, f => f.polarity);
  const sourceCounts = countBy(allFacts, f => f.source);
  const relCounts = countBy(allFacts, f => f.relation);

  function checklist(sectionId, entries) { // entries: [{value, icon, name, count, title}]
    const ul = document.querySelector('#' + sectionId + ' .checklist');
    for (const x of entries) {
      const cb = el('input', { type: 'checkbox' });
      cb.checked = true; cb.value = x.value;
      cb.addEventListener('change', applyFilters);
      ul.append(el('li', { title: x.title || null }, el('label', {}, [cb, x.icon, el('span', { class: 'name', text: x.name }), el('span', { class: 'n', text: String(x.count) })])));
    }
    const allNone = document.querySelectorAll('#' + sectionId + ' .all-none button');
    allNone.forEach(b => b.addEventListener('click', () => {
      ul.querySelectorAll('input').forEach(cb => { cb.checked = b.dataset.all === '1'; });
      applyFilters();
    }));
  }
  checklist('filter-types', Object.keys(meta.types).sort((a, b) => (typeCounts.get(b) || 0) - (typeCounts.get(a) || 0) || meta.types[a].label.localeCompare(meta.types[b].label))
    .map(t => ({ value: t, icon: shapeIcon(meta.types[t].shape, meta.types[t].color), name: meta.types[t].label, count: typeCounts.get(t) || 0 })));
  checklist('filter-polarity', Object.keys(meta.polarities).map(p => ({
    value: p, icon: el('span', { class: 'swatch-line', style: { borderColor: meta.polarities[p] } }), name: p, count: polCounts.get(p) || 0,
  })));
  checklist('filter-sources', Object.keys(meta.sources).map(s => ({ value: s, icon: null, name: sourceTitle(s), count: sourceCounts.get(s) || 0, title: s })));
  checklist('filter-relations', Object.keys(meta.relations).sort((a, b) => (relCounts.get(b) || 0) - (relCounts.get(a) || 0) || a.localeCompare(b))
    .map(r => ({ value: r, icon: el('span', { class: 'pol', style: { background: polColor(meta.relations[r].polarity) } }), name: meta.relations[r].label, count: relCounts.get(r) || 0, title: r })));

  function checked(sectionId) {
    const all = [...document.querySelectorAll('#' + sectionId + ' .checklist input')];
    return { set: new Set(all.filter(c => c.checked).map(c => c.value)), all: all.length };
  }
  function dateBound(input, end) {
    const text = input.value.trim();
    input.classList.remove('bad');
    if (!text) return null;
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
    const mon = m && m[2] ? +m[2] : null;
    if (!m || (mon !== null && (mon < 1 || mon > 12))) { input.classList.add('bad'); return null; }
    if (m[3]) return text;
    if (m[2]) return end ? m[1] + '-' + m[2] + '-' + String(new Date(Date.UTC(+m[1], mon, 0)).getUTCDate()).padStart(2, '0') : m[1] + '-' + m[2] + '-01';
    return end ? m[1] + '-12-31' : m[1] + '-01-01';
  }
  function readFilters() {
    const types = checked('filter-types'), pols = checked('filter-polarity'), srcs = checked('filter-sources'), rels = checked('filter-relations');
    const from = dateBound($('date-from'), false), to = dateBound($('date-to'), true);
    return {
      types: types.set, polarities: pols.set, sources: srcs.set, relations: rels.set, from: from, to: to,
      factFilter: pols.set.size < pols.all || srcs.set.size < srcs.all || rels.set.size < rels.all || !!from || !!to,
    };
  }
  let filters = null;
  function factVisible(f) {
    if (!filters) return true;
    if (!filters.sources.has(f.source) || !filters.relations.has(f.relation) || !filters.polarities.has(f.polarity)) return false;
    if (filters.from || filters.to) {
      if (!f.date_start) return false;
      if (filters.from && f.date_end < filters.from) return false;
      if (filters.to && f.date_start > filters.to) return false;
    }
    return true;
  }
  function applyFilters() {
    filters = readFilters();
    const touched = new Set(), edgeUpdates = [], nodeUpdates = [];
    let shownEdges = 0, shownNodes = 0;
    const typeOk = id => filters.types.has((nodeById.get(id) || {}).type);
    for (const e of DATA.edges) {
      const show = typeOk(e.from) && typeOk(e.to) && factVisible(e);
      if (show) { touched.add(e.from); touched.add(e.to); shownEdges++; }
      if (!!e._hidden === show) { e._hidden = !show; edgeUpdates.push({ id: e.id, hidden: !show }); }
    }
    for (const n of DATA.nodes) {
      const show = filters.types.has(n.type) && (!filters.factFilter || touched.has(n.id) || (n.literals || []).some(factVisible));
      if (show) shownNodes++;
      if (!!n._hidden === show) { n._hidden = !show; nodeUpdates.push({ id: n.id, hidden: !show }); }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    $('counts').textContent = shownNodes + ' of ' + N + ' entities, ' + shownEdges + ' of ' + E + ' facts between entities shown';
    if (current && ((current.kind === 'node' && nodeById.get(current.id)._hidden) || (current.kind === 'edge' && edgeById.get(current.id)._hidden))) clearSelection();
    else refreshDetails();
  }
  kg.applyFilters = applyFilters;
  kg.visible = () => ({ nodes: DATA.nodes.filter(n => !n._hidden).map(n => n.id), edges: DATA.edges.filter(e => !e._hidden).map(e => e.id) });
  $('date-from').addEventListener('input', applyFilters);
  $('date-to').addEventListener('input', applyFilters);

  // ---------- selection, neighbourhood highlight and details ----------
  const edgeById = new Map(DATA.edges.map(e => [e.id, e]));
  let current = null; // {kind: 'node'|'edge', id}
  const nodeState = new Map(), edgeState = new Map(); // id -> 'dim' while dimmed

  function applyNeighbourhood() {
    const centre = current && current.kind === 'node' && neighbourhoodBox.checked ? current.id : null;
    const keepN = new Set(), keepE = new Set();
    if (centre) {
      keepN.add(centre);
      for (const e of (outEdges.get(centre) || []).concat(inEdges.get(centre) || [])) { keepE.add(e.id); keepN.add(e.from); keepN.add(e.to); }
    }
    const nu = [], eu = [];
    for (const n of DATA.nodes) {
      const want = centre && !keepN.has(n.id) ? 'dim' : 'base';
      if ((nodeState.get(n.id) || 'base') !== want) { nodeState.set(n.id, want); nu.push(Object.assign({ id: n.id }, nodeStyle(n, want))); }
    }
    for (const e of DATA.edges) {
      const want = centre && !keepE.has(e.id) ? 'dim' : 'base';
      if ((edgeState.get(e.id) || 'base') !== want) { edgeState.set(e.id, want); eu.push(Object.assign({ id: e.id }, edgeStyle(e, want))); }
    }
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
  }
  neighbourhoodBox.addEventListener('change', applyNeighbourhood);

  function selectNode(id, focus) {
    if (!nodeById.has(id)) return;
    current = { kind: 'node', id: id };
    network.selectNodes([id]);
    applyNeighbourhood();
    showNode(id);
    // centred in the part of the canvas the details panel leaves visible
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: -details.offsetWidth / 2, y: 0 }, animation: { duration: 450, easingFunction: 'easeInOutQuad' } });
    else keepClear(id);
  }
  // Pan a node out from under the details panel, into the middle of the part of the canvas left visible.
  function keepClear(id) {
    const wrap = container.getBoundingClientRect(), covered = details.offsetWidth;
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    if (!covered || p.x < wrap.width - covered - 30) return;
    const target = (wrap.width - covered) / 2, view = network.getViewPosition(), scale = network.getScale();
    network.moveTo({ position: { x: view.x + (p.x - target) / scale, y: view.y }, animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
  }
  function selectEdge(id, focus) {
    if (!edgeById.has(id)) return;
    current = { kind: 'edge', id: id };
    network.selectEdges([id]);
    applyNeighbourhood();
    showEdge(id);
    if (focus) {
      const e = edgeById.get(id);
      network.fit({ nodes: [e.from, e.to], animation: { duration: 450, easingFunction: 'easeInOutQuad' } });
    }
  }
  function clearSelection() {
    current = null;
    network.unselectAll();
    applyNeighbourhood();
    showHelp();
  }
  kg.selectNode = selectNode; kg.selectEdge = selectEdge; kg.clearSelection = clearSelection;

  function entityRef(id, text) {
    if (id && nodeById.has(id)) return el('button', { type: 'button', class: 'link', text: text || label(id), onclick: () => selectNode(id, true) });
    return el('span', { text: text || id });
  }
  function factItem(f, subjectId, isEdge) {
    const rel = el('span', { class: 'rel', style: { borderColor: polColor(f.polarity) }, title: f.polarity + ' \u00b7 ' + (f.relation || '') });
    if (isEdge) rel.append(el('button', { type: 'button', class: 'link', text: relText(f), title: 'show this fact', onclick: () => selectEdge(f.id, true) }));
    else rel.textContent = relText(f);
    const object = isEdge ? entityRef(f.to) : el('span', { class: 'literal', text: f.object_label });
    const metaBits = [sourceTitle(f.source)];
    if (f.date) metaBits.push(dateText(f));
    if (f.modality && f.modality !== 'asserted') metaBits.push(f.modality);
    if (f.claimed_by) metaBits.push('claimed by ' + (f.claimed_by_label || f.claimed_by));
    if (f.count) metaBits.push('\u00d7' + f.count);
    if (f.sources > 1) metaBits.push(f.sources + ' sources');
    const hidden = isEdge ? !!f._hidden : !factVisible(f);
    const q = qualText(f);
    return el('li', { class: hidden ? 'filtered-out' : null, 'data-fact': f.id }, [
      el('div', { class: 'fact-line' }, [entityRef(subjectId), ' ', rel, ' ', object, q ? ', ' + q : '']),
      el('div', { class: 'fact-meta', text: metaBits.join(' \u00b7 ') }),
      f.note ? el('div', { class: 'fact-meta', text: 'note: ' + f.note }) : null,
      ...evidenceBlocks(f),
    ]);
  }
  function factSection(title, items) {
    if (!items.length) return null;
    return [el('h3', { text: title + ' (' + items.length + ')' }), el('ul', { class: 'facts' }, items)];
  }
  function kindLine(n) {
    const t = typeOf(n);
    return el('div', { class: 'kind' }, [shapeIcon(t.shape, t.color), el('span', { text: t.label })]);
  }
  function dl(pairs) {
    const d = el('dl');
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== '') d.append(el('dt', { text: k }), el('dd', {}, v));
    return d;
  }
  function showNode(id) {
    const n = nodeById.get(id);
    const out = (outEdges.get(id) || []).map(e => factItem(e, e.from, true));
    const inc = (inEdges.get(id) || []).map(e => factItem(e, e.from, true));
    const lits = (n.literals || []).map(l => factItem(l, id, false));
    const claims = (claimsBy.get(id) || []).map(f => (f._subject ? factItem(f, f._subject, false) : factItem(f, f.from, true)));
    openDetails([
      kindLine(n),
      el('h2', { class: 'entity', text: n.label }),
      n.description ? el('p', { class: 'description', text: n.description }) : null,
      dl([['id', n.id], ['aliases', (n.aliases || []).join(', ')], ['Wikidata', n.wikidata || null], ['facts', String(factCount(id))]]),
      factSection('Facts about it', out.concat(lits)),
      factSection('Facts pointing to it', inc),
      factSection('Statements credited to it', claims),
    ].flat());
  }
  function showEdge(id) {
    const e = edgeById.get(id);
    const src = own(meta.sources, e.source) || { title: e.source };
    const srcLine = [src.title, src.publisher, src.date].filter(Boolean).join(' \u00b7 ');
    openDetails([
      el('div', { class: 'kind' }, [el('span', { class: 'pol', style: { background: polColor(e.polarity) } }), el('span', { text: 'Fact \u00b7 ' + e.polarity })]),
      el('h2', { class: 'entity', text: relText(e) }),
      el('div', { class: 'fact-line' }, [entityRef(e.from), ' \u2192 ', el('span', { text: relText(e) }), ' \u2192 ', entityRef(e.to), qualText(e) ? ', ' + qualText(e) : '']),
      ...evidenceBlocks(e),
      dl([
        ['source', srcLine], ['URL', src.url || null], ['date', dateText(e) || 'not given'], ['modality', e.modality || 'asserted'],
        ['claimed by', e.claimed_by ? entityRef(e.claimed_by, e.claimed_by_label) : null], ['count', e.count ? String(e.count) : null],
        ['sources stating it', e.sources > 1 ? String(e.sources) : null], ['note', e.note || null],
        ['relation', e.relation], ['fact id', e.id],
      ]),
    ]);
  }
  function openDetails(children) {
    const close = el('button', { type: 'button', class: 'close', title: 'close', 'aria-label': 'close', text: '\u00d7', onclick: () => clearSelection() });
    details.replaceChildren(close, ...children.filter(Boolean));
    details.classList.add('open');
    details.scrollTop = 0;
  }
  function showHelp() {
    details.replaceChildren();
    details.classList.remove('open');
  }
  function refreshDetails() {
    if (!current) return;
    const top = details.scrollTop;
    if (current.kind === 'node') showNode(current.id); else showEdge(current.id);
    details.scrollTop = top;
  }

  network.on('click', p => {
    if (p.nodes.length) selectNode(p.nodes[0], false);
    else if (p.edges.length) selectEdge(p.edges[0], false);
    else clearSelection();
  });

  // ---------- search ----------
  const nameIndex = new Map();
  const datalist = $('search-names');
  const names = new Set();
  for (const n of DATA.nodes) {
    for (const name of [n.id, n.label].concat(n.aliases || [])) {
      const k = norm(name);
      if (!nameIndex.has(k)) nameIndex.set(k, new Set());
      nameIndex.get(k).add(n.id);
    }
    for (const name of [n.label].concat(n.aliases || [])) names.add(name);
  }
  datalist.append(...[...names].sort().map(name => { const o = document.createElement('option'); o.value = name; return o; }));
  const result = $('search-result');
  function focusFound(id, how) {
    const n = nodeById.get(id);
    if (n._hidden) {
      result.replaceChildren(el('span', { class: 'miss', text: n.label + ' is hidden by the filters; Reset shows everything.' }));
      return;
    }
    result.replaceChildren(el('span', { text: n.label + (how ? ' (' + how + ')' : '') }));
    selectNode(id, true);
  }
  function search(text) {
    const key = norm(text);
    if (!key) { result.replaceChildren(); return null; }
    let ids = nodeById.has(text.trim()) ? [text.trim()] : [...(nameIndex.get(key) || [])];
    let how = '';
    if (ids.length === 1) {
      const n = nodeById.get(ids[0]);
      if (norm(n.label) !== key && n.id !== text.trim()) how = 'alias \u201c' + text.trim() + '\u201d';
    } else if (!ids.length) {
      ids = DATA.nodes.filter(n => [n.label].concat(n.aliases || []).some(s => norm(s).includes(key))).map(n => n.id);
    }
    if (ids.length === 1) { focusFound(ids[0], how); return ids[0]; }
    if (!ids.length) {
      const close = [...nameIndex.keys()].map(k => [ratio(key, k), k]).filter(x => x[0] >= 0.6)
        .sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? -1 : 1)).slice(0, 5);
      const suggested = [...new Set(close.flatMap(x => [...nameIndex.get(x[1])]))];
      result.replaceChildren(el('span', { class: 'miss', text: 'No entity is named \u201c' + text.trim() + '\u201d.' + (suggested.length ? ' Did you mean:' : '') }),
        ...suggested.map(id => el('button', { type: 'button', text: label(id) + ' \u2014 ' + typeOf(nodeById.get(id)).label, onclick: () => focusFound(id, '') })));
      return null;
    }
    ids.sort((a, b) => label(a).localeCompare(label(b)));
    result.replaceChildren(el('span', { text: ids.length + ' entities match:' }),
      ...ids.slice(0, 25).map(id => el('button', { type: 'button', text: label(id) + ' \u2014 ' + typeOf(nodeById.get(id)).label, onclick: () => focusFound(id, '') })),
      ids.length > 25 ? el('span', { text: '\u2026 and ' + (ids.length - 25) + ' more' }) : null);
    return null;
  }
  kg.search = search;
  $('search-form').addEventListener('submit', ev => { ev.preventDefault(); search($('search').value); });

  // ---------- physics, reset, fit ----------
  physicsBox.addEventListener('change', () => network.setOptions({ physics: { enabled: physicsBox.checked } }));
  function fitView(animate) {
    const anim = animate ? { duration: 400, easingFunction: 'easeInOutQuad' } : false;
    if (!pathMode && !hlNodes.size) { network.fit({ animation: anim }); return; }
    // frame the highlighted part with a margin, and never closer than 1:1
    network.fit({ nodes: [...inPath], animation: false });
    const scale = Math.min(1, network.getScale() * 0.8);
    network.moveTo({ position: network.getViewPosition(), scale: scale, animation: anim });
  }
  $('fit').addEventListener('click', () => fitView(true));
  $('reset').addEventListener('click', () => {
    document.querySelectorAll('.checklist input').forEach(cb => { cb.checked = true; });
    $('date-from').value = ''; $('date-to').value = '';
    $('search').value = ''; result.replaceChildren();
    neighbourhoodBox.checked = true;
    if (physicsBox.checked) { physicsBox.checked = false; network.setOptions({ physics: { enabled: false } }); }
    clearSelection();
    applyFilters();
    fitView(true);
  });

  // ---------- the API the page's other scripts use (kg-time.js, kg-dyad.js, kg-sparql.js) ----------
  // kg.data, kg.facts (every fact: an edge's has from/to, a literal's subject/object_label), kg.fact(id),
  // kg.node(id), kg.label(id), kg.el(tag, attrs, children), kg.factItem(fact) (a fact as the details
  // panel lists it), kg.showFacts(title, facts, intro), kg.findEntities(text) (ids, as the search finds
  // them), kg.selectNode(id, focus), kg.selectFact(id, focus), kg.highlight(ids), kg.factVisible(fact),
  // kg.on(event, fn) for 'filters' and 'select', kg.state.register(key, {get, set}) for the URL
  // fragment, kg.toolbar(button).
  const listeners = new Map();
  kg.on = (name, fn) => push(listeners, name, fn);
  function emit(name, arg) { for (const fn of listeners.get(name) || []) fn(arg); }
  kg.data = DATA; kg.facts = allFacts; kg.el = el; kg.label = label;
  const factIndex = new Map(allFacts.map(f => [f.id, f]));
  kg.fact = id => factIndex.get(id); kg.node = id => nodeById.get(id);
  kg.factVisible = factVisible;
  kg.factItem = f => (f.from !== undefined ? factItem(f, f.from, true) : factItem(f, f.subject, false));
  kg.showFacts = (title, facts, intro) => openDetails([intro || null, factSection(title, facts.map(kg.factItem))].flat());
  kg.toolbar = button => $('toolbar').append(button);
  kg.selectFact = (id, focus) => {
    const f = factIndex.get(id);
    if (!f) return;
    if (f.from !== undefined) selectEdge(id, focus);
    else { selectNode(f.subject, focus); kg.showFacts('Fact', [f]); }
  };
  kg.findEntities = text => {
    const key = norm(text);
    if (!key) return [];
    if (nodeById.has(text.trim())) return [text.trim()];
    const exact = [...(nameIndex.get(key) || [])];
    if (exact.length) return exact.sort((a, b) => label(a).localeCompare(label(b)));
    return DATA.nodes.filter(n => [n.label].concat(n.aliases || []).some(s => norm(s).includes(key))).map(n => n.id)
      .sort((a, b) => label(a).localeCompare(label(b)));
  };
  // Entities marked from outside the graph (a query's answer row): ringed, the rest dimmed, framed.
  let marked = [];
  kg.highlight = ids => {
    marked = (ids || []).filter(id => nodeById.has(id));
    clearSelection();
    if (marked.length) {
      network.selectNodes(marked);
      network.fit({ nodes: marked, animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
    }
    emit('select', { kind: 'highlight', ids: marked });
  };
  kg.highlighted = () => marked.slice();
  // The view's state in the URL fragment (#key=value&...): each part registers how to read and set it.
  const stateParts = new Map();
  kg.state = {
    register(key, part) { stateParts.set(key, part); },
    save() {
      const q = new URLSearchParams();
      for (const [key, part] of stateParts) { const v = part.get(); if (v !== null && v !== undefined && v !== '') q.set(key, v); }
      const hash = q.toString();
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    },
    load() {
      const q = new URLSearchParams(location.hash.slice(1));
      for (const [key, part] of stateParts) part.set(q.has(key) ? q.get(key) : null);
    },
  };

  // ---------- start ----------
  kg.timing.controls = performance.now();
  showHelp();
  applyFilters();
  kg.timing.filtered = performance.now();
  const progress = $('progress');
  function ready() {
    if (kg.ready) return;
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    progress.classList.add('done');
    if (hlNodes.size || pathMode) fitView(false);
    if (meta.select) selectNode(meta.select, false);
    kg.ready = true;
    kg.readyMs = performance.now();
    document.body.dataset.ready = '1';
  }
  if (!N) { progress.textContent = 'Nothing to draw.'; kg.ready = true; kg.readyMs = performance.now(); }
  else {
    network.once('startStabilizing', () => { kg.timing.stabilizing = performance.now(); });
    network.on('stabilizationProgress', p => { progress.textContent = 'Laying out\u2026 ' + Math.round(100 * p.iterations / p.total) + '%'; });
    network.once('stabilizationIterationsDone', ready);
  }
})();
