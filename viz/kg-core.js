/* actor-kg HTML view, the core: window.kg, the page's data (read-only), its indexes and the helpers
 * every other module uses. Loaded first.
 *
 * How the page's modules share: each is one file (actor_kg/output/viz.py APP_SCRIPTS, in load order),
 * keeps its state in its own closure, and reaches the others only through what they provide on
 * window.kg, with kg.provide(names): a name is provided once, by one module, and cannot be
 * overwritten. The data document is frozen: no module can change what another reads. Modules tell one
 * another of changes by events (kg.on / kg.emit): 'filters' (the filters or the time window changed),
 * 'drawn' (the graph was redrawn), 'select' (the selection changed), 'reset' and 'ready'.
 *
 * Provides: kg.provide(names), kg.on(event, fn), kg.emit(event, arg); kg.data (the document: meta,
 * nodes, edges, dyad), kg.meta, kg.facts (every fact: an edge's has from/to, a literal's subject and
 * object_label), kg.fact(id), kg.node(id), kg.label(id), kg.typeOf(node), kg.polColor(polarity),
 * kg.sourceTitle(id), kg.relText(fact), kg.factCount(id), kg.outFacts(id), kg.inFacts(id),
 * kg.claimsBy(id), kg.neighbours(id) (neighbour id -> facts between, as an array of pairs), kg.countBy;
 * kg.el(tag, attrs, children) and kg.svg(tag, attrs, children) (elements, text only as textContent),
 * kg.svgShape(kind, x, y, r, attrs), kg.shapeIcon(shape, color), kg.mix(color, toward, t),
 * kg.dayOf(text, end) (a typed date bound), kg.OPEN_START / kg.OPEN_END (the ends of a date open on one
 * side), kg.toolbar(button), kg.timing.start (when the page began).
 *
 * Data only ever reaches the page through textContent, DOM properties, canvas text or vis-network
 * tooltips given as plain strings (which vis-network sets with innerText): never as HTML. */
(function () {
  'use strict';

  const start = performance.now();
  const kg = (window.kg = {});
  function provide(names) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(names))) {
      if (Object.prototype.hasOwnProperty.call(kg, name)) throw new Error('kg.' + name + ' is provided twice');
      Object.defineProperty(kg, name, d.get ? { get: d.get, enumerable: true } : { value: d.value, enumerable: true });
    }
  }

  // ---------- the data, frozen once its literal facts know their subject ----------
  const DATA = JSON.parse(document.getElementById('kg-data').textContent);
  for (const n of DATA.nodes) for (const l of n.literals || []) l.subject = n.id;
  (function freeze(x) {
    if (x && typeof x === 'object' && !Object.isFrozen(x)) { Object.freeze(x); for (const k in x) freeze(x[k]); }
  })(DATA);
  const meta = DATA.meta;

  // ---------- events ----------
  const listeners = new Map();
  const on = (name, fn) => { if (!listeners.has(name)) listeners.set(name, []); listeners.get(name).push(fn); };
  const emit = (name, arg) => { for (const fn of listeners.get(name) || []) fn(arg); };

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
  const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);
  const FALLBACK_TYPE = Object.freeze({ label: '(unknown type)', color: '#b0b0b0', shape: 'dot', fold: false });
  function typeOf(n) { return own(meta.types, n.type) || FALLBACK_TYPE; }
  function polColor(p) { return own(meta.polarities, p) || '#8c8c8c'; }
  function sourceTitle(id) { return (own(meta.sources, id) || { title: id }).title || id; }
  // The relation as the fact states it: a negated fact reads "not closes".
  function relText(f) { return (f.negated ? 'not ' : '') + (f.relation_label || f.relation || ''); }
  function countBy(items, key) { const c = new Map(); for (const x of items) c.set(key(x), (c.get(key(x)) || 0) + 1); return c; }

  // SVG elements, as el() builds HTML ones (text only through textContent).
  const SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs, children) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'text') e.textContent = v; else e.setAttribute(k, String(v));
    }
    for (const c of [].concat(children === undefined ? [] : children)) if (c) e.append(c);
    return e;
  }
  // A vis-network node shape centred on (x, y), r its half-size, as SVG: the legend's icons and the
  // SVG export draw with it.
  function svgShape(kind, x, y, r, attrs) {
    const poly = pts => svgEl('polygon', Object.assign({ points: pts.map(p => (x + p[0] * r).toFixed(2) + ',' + (y + p[1] * r).toFixed(2)).join(' ') }, attrs));
    switch (kind) {
      case 'square': return svgEl('rect', Object.assign({ x: x - r, y: y - r, width: 2 * r, height: 2 * r }, attrs));
      case 'box': case 'database': case 'text': return svgEl('rect', Object.assign({ x: x - r, y: y - 0.6 * r, width: 2 * r, height: 1.2 * r, rx: 0.3 * r }, attrs));
      case 'ellipse': return svgEl('ellipse', Object.assign({ cx: x, cy: y, rx: r, ry: 0.65 * r }, attrs));
      case 'diamond': return poly([[0, -1], [1, 0], [0, 1], [-1, 0]]);
      case 'triangle': return poly([[0, -1], [0.87, 0.5], [-0.87, 0.5]]);
      case 'triangleDown': return poly([[0, 1], [0.87, -0.5], [-0.87, -0.5]]);
      case 'hexagon': return poly([[1, 0], [0.5, 0.87], [-0.5, 0.87], [-1, 0], [-0.5, -0.87], [0.5, -0.87]]);
      case 'star': return poly(Array.from({ length: 10 }, (_, i) => { const a = -Math.PI / 2 + i * Math.PI / 5, k = i % 2 ? 0.45 : 1; return [k * Math.cos(a), k * Math.sin(a)]; }));
      default: return svgEl('circle', Object.assign({ cx: x, cy: y, r: r }, attrs));
    }
  }
  function shapeIcon(shape, color) {
    return svgEl('svg', { width: 16, height: 16, viewBox: '0 0 16 16', class: 'shape' },
      svgShape(shape, 8, 8, 6.5, { fill: color, stroke: mix(color, '#000000', 0.35), 'stroke-width': 1 }));
  }
  // YYYY, YYYY-MM or YYYY-MM-DD as its first day, or its last (`end`), as the CLI reads a date bound
  // (actor_kg.sparql.library.bind, kg viz --since/--until); null when it is no such date.
  function dayOf(text, end) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text).trim());
    if (!m) return null;
    const month = m[2] ? +m[2] : (end ? 12 : 1);
    const last = new Date(Date.UTC(+m[1], month, 0)).getUTCDate();
    const day = m[3] ? +m[3] : (end ? last : 1);
    if (month < 1 || month > 12 || day < 1 || day > last) return null;
    return m[1] + '-' + String(month).padStart(2, '0') + '-' + String(day).padStart(2, '0');
  }

  // ---------- indexes ----------
  const nodeById = new Map(DATA.nodes.map(n => [n.id, n]));
  const outFacts = new Map(), inFacts = new Map(), claims = new Map();
  const push = (m, k, v) => { if (!m.has(k)) m.set(k, []); m.get(k).push(v); };
  const allFacts = Object.freeze(DATA.edges.concat(DATA.nodes.flatMap(n => n.literals || [])));
  for (const e of DATA.edges) { push(outFacts, e.from, e); push(inFacts, e.to, e); }
  for (const f of allFacts) if (f.claimed_by) push(claims, f.claimed_by, f);
  const factIndex = new Map(allFacts.map(f => [f.id, f]));
  const neighbours = new Map(DATA.nodes.map(n => [n.id, new Map()])); // id -> (neighbour -> facts between)
  for (const e of DATA.edges) {
    if (e.from === e.to) continue;
    neighbours.get(e.from).set(e.to, (neighbours.get(e.from).get(e.to) || 0) + 1);
    neighbours.get(e.to).set(e.from, (neighbours.get(e.to).get(e.from) || 0) + 1);
  }
  function label(id) { const n = nodeById.get(id); return n ? n.label : id; }
  function factCount(id) {
    return (outFacts.get(id) || []).length + (inFacts.get(id) || []).length + ((nodeById.get(id) || {}).literals || []).length;
  }
  const copy = list => (list || []).slice();

  provide({
    provide, on, emit,
    data: DATA, meta, facts: allFacts, timing: Object.freeze({ start }),
    fact: id => factIndex.get(id), node: id => nodeById.get(id), label, typeOf, polColor, sourceTitle, relText, factCount,
    outFacts: id => copy(outFacts.get(id)), inFacts: id => copy(inFacts.get(id)), claimsBy: id => copy(claims.get(id)),
    neighbours: id => [...(neighbours.get(id) || [])],
    countBy, el, svg: svgEl, svgShape, shapeIcon, mix, dayOf, OPEN_START: '0001-01-01', OPEN_END: '9999-12-31',
    toolbar: button => document.getElementById('toolbar').append(button),
  });
})();
