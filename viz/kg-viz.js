/* actor-kg HTML view: lays out, styles and explains the graph embedded as JSON in #kg-data.
 *
 * What is drawn is derived from the data and the reader's state (filters, time window, folds,
 * collapsed communities) by derive(): entities of a `fold` type, and those with a single neighbour,
 * are folded into the actor they hang on until expanded; the facts between two drawn entities are one
 * link, weighted by their number and coloured by their polarities, that opens to its facts; a
 * collapsed community is one node. Clicks are picked by distance to what is drawn (nodes, then the
 * nearest link), not by vis-network's label boxes.
 *
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
  const FALLBACK_TYPE = { label: '(unknown type)', color: '#b0b0b0', shape: 'dot', fold: false };
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  const MIXED = '#8e44ad'; // a link with both conflictual and cooperative facts
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
  const outEdges = new Map(), inEdges = new Map(), claimsBy = new Map();
  const push = (m, k, v) => { if (!m.has(k)) m.set(k, []); m.get(k).push(v); };
  for (const n of DATA.nodes) for (const l of n.literals || []) l.subject = n.id;
  const literalFacts = DATA.nodes.flatMap(n => n.literals || []);
  const allFacts = DATA.edges.concat(literalFacts);
  for (const e of DATA.edges) { push(outEdges, e.from, e); push(inEdges, e.to, e); }
  for (const f of allFacts) if (f.claimed_by) push(claimsBy, f.claimed_by, f);
  const factIndex = new Map(allFacts.map(f => [f.id, f]));
  const neighbours = new Map(DATA.nodes.map(n => [n.id, new Map()])); // id -> (neighbour -> facts between)
  for (const e of DATA.edges) {
    if (e.from === e.to) continue;
    neighbours.get(e.from).set(e.to, (neighbours.get(e.from).get(e.to) || 0) + 1);
    neighbours.get(e.to).set(e.from, (neighbours.get(e.to).get(e.from) || 0) + 1);
  }
  const hlNodes = new Set(meta.highlight.nodes), hlEdges = new Set(meta.highlight.edges);
  const pathMode = hlEdges.size > 0;
  const inPath = new Set(hlNodes);
  for (const e of DATA.edges) if (hlEdges.has(e.id)) { inPath.add(e.from); inPath.add(e.to); }
  function label(id) { const n = nodeById.get(id); return n ? n.label : id; }
  function factCount(id) {
    return (outEdges.get(id) || []).length + (inEdges.get(id) || []).length + ((nodeById.get(id) || {}).literals || []).length;
  }

  // ---------- folding: minor entities drawn inside the actor they hang on ----------
  // An entity folds when its type says so (demands, explanations, groups) or when it has one neighbour;
  // it folds into the neighbour it shares most facts with among those that do not fold themselves.
  // What a path or a focus is about neither folds nor takes others in: such a page is drawn to show
  // their neighbourhood (around a focus, nearly every entity has the focus as its one neighbour).
  const keepOut = new Set([...inPath, meta.select].filter(Boolean));
  const foldable = id => !keepOut.has(id) && neighbours.get(id).size > 0 && (typeOf(nodeById.get(id)).fold || neighbours.get(id).size === 1);
  const hostOf = new Map(), foldedInto = new Map();
  for (const n of DATA.nodes) {
    if (!foldable(n.id)) continue;
    let best = null, bestFacts = -1;
    for (const [other, facts] of neighbours.get(n.id)) {
      if (foldable(other) || keepOut.has(other)) continue;
      const better = facts > bestFacts || (facts === bestFacts && (nodeById.get(other).degree > nodeById.get(best).degree || (nodeById.get(other).degree === nodeById.get(best).degree && other < best)));
      if (better) { best = other; bestFacts = facts; }
    }
    if (best !== null) { hostOf.set(n.id, best); push(foldedInto, best, n.id); }
  }

  // ---------- communities ----------
  const communities = new Map(); // k -> member ids, largest first (numbered so by the page's builder)
  for (const n of DATA.nodes) if (n.community >= 0) push(communities, n.community, n.id);
  function communityName(k) {
    const members = communities.get(k) || [];
    const top = members.slice().sort((a, b) => nodeById.get(b).degree - nodeById.get(a).degree || (a < b ? -1 : 1)).slice(0, 2);
    return top.map(label).join(', ') + (members.length > 2 ? ' \u2026' : '');
  }
  const COMMUNITY = 'community:';

  // ---------- the reader's state ----------
  const state = {
    fold: true,
    unlinked: false, // entities with no link to another are left out of the first view
    expanded: new Set(), // hosts whose folded entities are drawn
    collapsed: new Set(), // communities drawn as one node
    time: { from: null, to: null, undated: false }, // ISO days; undated facts are left out while a window is set, unless asked for
  };
  let filters = null;

  function factVisible(f) {
    if (!filters) return true;
    if (!filters.sources.has(f.source) || !filters.relations.has(f.relation) || !filters.polarities.has(f.polarity)) return false;
    const t = state.time;
    if (t.from || t.to) {
      if (!f.date_start) return t.undated;
      const [start, end] = knownRange(f);
      if (t.from && end < t.from) return false;
      if (t.to && start > t.to) return false;
    }
    return true;
  }
  // The days a fact's date covers, a range open at one end closed at its known end: "not before 2022"
  // counts as 2022, as the CLI's date filters and timelines place it (actor_kg.analysis.filters.known_range).
  const OPEN_START = '0001-01-01', OPEN_END = '9999-12-31';
  function knownRange(f) {
    return [f.date_start === OPEN_START ? f.date_end : f.date_start, f.date_end === OPEN_END ? f.date_start : f.date_end];
  }

  // ---------- what is drawn ----------
  // drawn.nodes: drawn id (an entity's, or a collapsed community's) -> {id, folded: how many are folded
  // into it, members: the entities it stands for}; drawn.links: link id -> {id, a, b, facts};
  // drawn.linkOfFact: fact id -> link id.
  let drawn = { nodes: new Map(), links: new Map(), linkOfFact: new Map() };
  function linkId(a, b) { return 'link:' + (a < b ? a + '|' + b : b + '|' + a); }
  // The drawn end an entity is: itself, or its collapsed community.
  function drawnEnd(id) { const n = nodeById.get(id); return state.collapsed.has(n.community) ? COMMUNITY + n.community : id; }
  // A link's facts from its end a to b, and from b to a.
  function directions(link) { return [link.facts.filter(f => drawnEnd(f.from) === link.a), link.facts.filter(f => drawnEnd(f.from) !== link.a)]; }
  function derive() {
    const typeOk = id => filters.types.has((nodeById.get(id) || {}).type);
    const shownFacts = DATA.edges.filter(e => typeOk(e.from) && typeOk(e.to) && factVisible(e));
    const touched = new Set();
    for (const e of shownFacts) { touched.add(e.from); touched.add(e.to); }
    const shown = new Set(DATA.nodes.filter(n => typeOk(n.id) && (!filters.factFilter || touched.has(n.id) || (n.literals || []).some(factVisible))).map(n => n.id));
    const nodes = new Set(), foldedAway = new Map();
    for (const id of shown) {
      if (!state.unlinked && !neighbours.get(id).size && !keepOut.has(id)) continue;
      const host = hostOf.get(id);
      if (state.fold && host && shown.has(host) && !state.expanded.has(host)) { foldedAway.set(host, (foldedAway.get(host) || 0) + 1); continue; }
      nodes.add(id);
    }
    const out = new Map();
    for (const id of nodes) {
      const r = drawnEnd(id);
      if (!out.has(r)) out.set(r, { id: r, folded: 0, members: [] });
      out.get(r).members.push(id);
      out.get(r).folded += foldedAway.get(id) || 0;
    }
    const links = new Map(), linkOfFact = new Map();
    for (const e of shownFacts) {
      if (!nodes.has(e.from) || !nodes.has(e.to)) continue;
      const a = drawnEnd(e.from), b = drawnEnd(e.to);
      if (a === b && e.from !== e.to) continue; // inside a collapsed community
      const id = linkId(a, b);
      if (!links.has(id)) links.set(id, { id: id, a: a < b ? a : b, b: a < b ? b : a, facts: [] });
      links.get(id).facts.push(e);
      linkOfFact.set(e.id, id);
    }
    return { nodes: out, links: links, linkOfFact: linkOfFact, shownFacts: shownFacts.length };
  }

  // ---------- styles ----------
  function faded(id, mode) { return mode === 'dim' ? 0.82 : (pathMode && !inPath.has(id) ? 0.65 : 0); }
  const HIDDEN_LABEL = 'rgba(0,0,0,0)';
  function nodeStyle(n, mode) { // mode: base | dim
    const t = typeOf(n), hl = hlNodes.has(n.id), f = faded(n.id, mode);
    const c = f ? mix(t.color, '#ffffff', f) : t.color;
    const inside = LABEL_INSIDE.has(t.shape);
    const font = inside ? { color: f ? '#b8b8b8' : '#111111', face: FONT, strokeWidth: 0 }
      : { color: f ? '#d0d0d0' : '#1d1d1d', face: FONT, strokeWidth: f ? 0 : 4, strokeColor: '#ffffff' };
    if (muted.has(n.id)) Object.assign(font, { color: HIDDEN_LABEL, strokeWidth: 0 });
    return {
      color: { background: c, border: hl && !f ? '#111111' : mix(c, '#000000', 0.3), highlight: { background: c, border: '#000000' }, hover: { background: c, border: '#000000' } },
      font: font,
      borderWidth: hl && !f ? 4 : 1.5,
      shadow: hl && !f ? { enabled: true, color: 'rgba(0,0,0,0.45)', size: 14, x: 0, y: 0 } : { enabled: false },
    };
  }
  function nodeValue(id) { return id.startsWith(COMMUNITY) ? 4 * (communities.get(+id.slice(COMMUNITY.length)) || []).length : factCount(id); }
  function nodeItem(id, folded, mode) {
    if (id.startsWith(COMMUNITY)) return communityItem(+id.slice(COMMUNITY.length), mode);
    const n = nodeById.get(id), t = typeOf(n);
    const item = Object.assign({ id: id, label: n.label + (folded ? '  +' + folded : ''), shape: t.shape, value: nodeValue(id), title: nodeTooltip(n, folded) }, nodeStyle(n, mode));
    if (LABEL_INSIDE.has(t.shape)) item.margin = 5;
    return item;
  }
  function communityItem(k, mode) {
    const size = (communities.get(k) || []).length;
    const c = mode === 'dim' ? '#e4e8ef' : '#9aa9c4';
    return {
      id: COMMUNITY + k, label: communityName(k) + ' (' + size + ')', shape: 'hexagon', value: nodeValue(COMMUNITY + k),
      title: 'community of ' + size + ' entities: ' + communityName(k) + '\nclick for its members; expand it from there',
      color: { background: c, border: mix(c, '#000000', 0.35), highlight: { background: c, border: '#000000' }, hover: { background: c, border: '#000000' } },
      font: { color: mode === 'dim' ? '#c0c0c0' : '#1d1d1d', face: FONT, strokeWidth: 4, strokeColor: '#ffffff' }, borderWidth: 2, shadow: { enabled: false },
    };
  }
  function linkColor(link) {
    const pols = new Set(link.facts.map(f => f.polarity));
    if (pols.has('conflictual') && pols.has('cooperative')) return MIXED;
    return polColor(pols.has('conflictual') ? 'conflictual' : pols.has('cooperative') ? 'cooperative' : 'neutral');
  }
  function linkItem(link, mode) {
    const hl = link.facts.some(f => hlEdges.has(f.id));
    const dim = mode === 'dim' || (pathMode && !hl);
    const c = linkColor(link);
    const [fwd, back] = directions(link).map(facts => facts.length > 0);
    const sameCommunity = !link.a.startsWith(COMMUNITY) && !link.b.startsWith(COMMUNITY) && nodeById.get(link.a).community === nodeById.get(link.b).community;
    const item = {
      id: link.id, from: link.a, to: link.b, title: linkTooltip(link),
      arrows: { to: { enabled: fwd, scaleFactor: 0.5 }, from: { enabled: back, scaleFactor: 0.5 } },
      width: (hl ? 3 : 0) + 1 + 1.8 * Math.log2(link.facts.length),
      color: { color: dim ? mix(c, '#ffffff', 0.78) : c, highlight: c, hover: c, opacity: 1 },
      length: (sameCommunity ? 110 : 240) + 5 * (Math.sqrt(nodeValue(link.a)) + Math.sqrt(nodeValue(link.b))),
    };
    if (link.a === link.b) item.selfReference = { size: 16, angle: Math.PI / 4 };
    return item;
  }

  // ---------- tooltips (plain text; vis-network puts strings in with innerText) ----------
  function nodeTooltip(n, folded) {
    const lines = [n.label, typeOf(n).label];
    if (n.aliases && n.aliases.length) lines.push('also: ' + n.aliases.join(', '));
    if (n.description) lines.push(n.description);
    lines.push(factCount(n.id) + ' facts \u2014 click for details');
    if (folded) lines.push(folded + ' minor entities folded in \u2014 double-click to expand');
    return lines.join('\n');
  }
  function endLabel(id) { return id.startsWith(COMMUNITY) ? 'community ' + communityName(+id.slice(COMMUNITY.length)) : label(id); }
  function relationCounts(facts) {
    const c = new Map();
    for (const f of facts) c.set(relText(f), (c.get(relText(f)) || 0) + 1);
    return [...c].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([r, n]) => r + (n > 1 ? ' \u00d7' + n : '')).join(', ');
  }
  function linkTooltip(link) {
    const [fwd, back] = directions(link);
    const lines = [endLabel(link.a) + ' \u2194 ' + endLabel(link.b) + ': ' + link.facts.length + (link.facts.length === 1 ? ' fact' : ' facts')];
    if (fwd.length) lines.push('\u2192 ' + relationCounts(fwd));
    if (back.length) lines.push('\u2190 ' + relationCounts(back));
    lines.push('click for the facts, their sources and quotes');
    return lines.join('\n');
  }

  // ---------- data sets and network ----------
  const nodes = new vis.DataSet(), edges = new vis.DataSet();
  kg.nodes = nodes; kg.edges = edges;
  // Start positions grouped by community: communities on a sunflower spiral, largest in the middle,
  // members on a small spiral round their centre; the forces then only tidy up.
  const start = new Map();
  (function seed() {
    const golden = Math.PI * (3 - Math.sqrt(5));
    let placed = 0;
    for (const [k, members] of [...communities].sort((x, y) => x[0] - y[0])) {
      const r = 150 * Math.sqrt(placed), a = placed * golden;
      const cx = r * Math.cos(a), cy = r * Math.sin(a);
      members.forEach((id, i) => start.set(id, { x: cx + 22 * Math.sqrt(i) * Math.cos(i * golden), y: cy + 22 * Math.sqrt(i) * Math.sin(i * golden) }));
      placed += Math.max(1, members.length / 6);
    }
  })();

  const LABEL_MIN = 12, LABEL_MAX = 32, FIRST_LABELS = 28;
  const values = DATA.nodes.map(n => factCount(n.id));
  function logScale(min, max, total, value) { return max > min ? Math.log(value / min) / Math.log(max / min) : 0.5; }
  // The on-screen size below which labels are not drawn: at the first view's zoom, the FIRST_LABELS
  // entities with most facts (among those drawn) are named; zooming in names the rest by importance.
  function labelThreshold() {
    const drawnValues = [...drawn.nodes.keys()].map(nodeValue).sort((a, b) => b - a);
    if (drawnValues.length <= FIRST_LABELS) return 4;
    const lo = Math.max(1, Math.min(...values)), hi = Math.max(...values);
    const font = v => LABEL_MIN + (LABEL_MAX - LABEL_MIN) * logScale(lo, hi, 0, Math.max(lo, Math.min(hi, v)));
    return Math.max(4, network.getScale() * (font(drawnValues[FIRST_LABELS - 1]) + font(drawnValues[FIRST_LABELS])) / 2);
  }
  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    nodes: {
      font: { face: FONT },
      widthConstraint: { maximum: 240 },
      // labels by importance and zoom: sizes grow with the log of the facts, and a label is drawn once
      // it would be drawThreshold px on screen (labelThreshold() sets it so the first view names the top actors)
      scaling: { min: 7, max: 42, customScalingFunction: logScale, label: { enabled: true, min: LABEL_MIN, max: LABEL_MAX, drawThreshold: 8 } },
    },
    edges: { arrowStrikethrough: false, smooth: { enabled: false }, selectionWidth: 2, hoverWidth: 1.5 },
    interaction: { hover: true, tooltipDelay: 250, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, multiselect: false, keyboard: false },
    physics: {
      enabled: true,
      solver: 'forceAtlas2Based',
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.012, springConstant: 0.06, damping: 0.55, avoidOverlap: BIG ? 0 : 0.6 },
      maxVelocity: 60, minVelocity: 1, timestep: 0.5,
      stabilization: { enabled: true, iterations: N <= 150 ? 400 : N <= 600 ? 300 : N <= 1500 ? 180 : 120, updateInterval: 25, fit: true },
    },
  };
  const container = document.getElementById('network');

  // Bring the data sets to what derive() says: nodes stay in the set (hidden or not, so they keep
  // their place); links and community nodes come and go.
  const nodeMode = new Map(), linkMode = new Map();
  let network = null;
  function draw() {
    drawn = derive();
    const nodeUpdates = [], edgeAdds = [], edgeUpdates = [];
    const present = new Set(nodes.getIds());
    for (const [id, d] of drawn.nodes) {
      const item = nodeItem(id, d.folded, nodeMode.get(id) || 'base');
      item.hidden = false;
      if (!present.has(id)) {
        const p = id.startsWith(COMMUNITY) ? centreOf(d.members) : (network ? placeNear(id) : start.get(id));
        if (p) { item.x = p.x; item.y = p.y; }
      }
      nodeUpdates.push(item);
    }
    const gone = [];
    for (const id of present) {
      if (drawn.nodes.has(id)) continue;
      if (id.startsWith(COMMUNITY)) gone.push(id); else nodeUpdates.push({ id: id, hidden: true });
    }
    const links = new Set(edges.getIds());
    for (const link of drawn.links.values()) (links.has(link.id) ? edgeUpdates : edgeAdds).push(linkItem(link, linkMode.get(link.id) || 'base'));
    const staleLinks = [...links].filter(id => !drawn.links.has(id));
    edges.remove(staleLinks);
    nodes.remove(gone);
    nodes.update(nodeUpdates);
    edges.add(edgeAdds); edges.update(edgeUpdates);
  }
  function positions(ids) { return network ? network.getPositions(ids) : {}; }
  function centreOf(ids) {
    const p = Object.values(positions(ids));
    if (!p.length) return start.get(ids[0]);
    return { x: p.reduce((s, q) => s + q.x, 0) / p.length, y: p.reduce((s, q) => s + q.y, 0) / p.length };
  }
  // A folded entity shown for the first time goes round its host, the next free place on a ring.
  const ringUsed = new Map();
  function placeNear(id) {
    const host = hostOf.get(id) || id;
    const hp = positions([host])[host];
    if (!hp) return start.get(id);
    const i = ringUsed.get(host) || 0;
    ringUsed.set(host, i + 1);
    const ring = 90 + 35 * Math.floor(i / 12), a = (i % 12) * Math.PI / 6 + (Math.floor(i / 12) % 2) * Math.PI / 12;
    return { x: hp.x + ring * Math.cos(a), y: hp.y + ring * Math.sin(a) };
  }

  // ---------- controls ----------
  const $ = id => document.getElementById(id);
  const details = $('details');
  const physicsBox = $('physics'), neighbourhoodBox = $('neighbourhood'), foldBox = $('fold'), unlinkedBox = $('unlinked');
  $('subtitle').textContent = meta.subtitle || '';
  document.title = meta.title;

  function countBy(items, key) { const c = new Map(); for (const x of items) c.set(key(x), (c.get(key(x)) || 0) + 1); return c; }
  const typeCounts = countBy(DATA.nodes, n => n.type);
  const polCounts = countBy(allFacts, f => f.polarity);
  const sourceCounts = countBy(allFacts, f => f.source);
  const relCounts = countBy(allFacts, f => f.relation);

  function checklist(sectionId, entries) { // entries: [{value, icon, name, count, title}]
    const ul = document.querySelector('#' + sectionId + ' .checklist');
    for (const x of entries) {
      const cb = el('input', { type: 'checkbox' });
      cb.checked = true; cb.value = x.value;
      cb.addEventListener('change', changed);
      ul.append(el('li', { title: x.title || null }, el('label', {}, [cb, x.icon, el('span', { class: 'name', text: x.name }), el('span', { class: 'n', text: String(x.count) })])));
    }
    document.querySelectorAll('#' + sectionId + ' .all-none button').forEach(b => b.addEventListener('click', () => {
      ul.querySelectorAll('input').forEach(cb => { cb.checked = b.dataset.all === '1'; });
      changed();
    }));
  }
  checklist('filter-types', Object.keys(meta.types).sort((a, b) => (typeCounts.get(b) || 0) - (typeCounts.get(a) || 0) || meta.types[a].label.localeCompare(meta.types[b].label))
    .map(t => ({ value: t, icon: shapeIcon(meta.types[t].shape, meta.types[t].color), name: meta.types[t].label + (meta.types[t].fold ? ' (folded)' : ''), count: typeCounts.get(t) || 0 })));
  checklist('filter-polarity', Object.keys(meta.polarities).map(p => ({
    value: p, icon: el('span', { class: 'swatch-line', style: { borderColor: meta.polarities[p] } }), name: p, count: polCounts.get(p) || 0,
  })));
  checklist('filter-sources', Object.keys(meta.sources).map(s => ({ value: s, icon: null, name: sourceTitle(s), count: sourceCounts.get(s) || 0, title: s })));
  checklist('filter-relations', Object.keys(meta.relations).sort((a, b) => (relCounts.get(b) || 0) - (relCounts.get(a) || 0) || a.localeCompare(b))
    .map(r => ({ value: r, icon: el('span', { class: 'pol', style: { background: polColor(meta.relations[r].polarity) } }), name: meta.relations[r].label, count: relCounts.get(r) || 0, title: r })));
  // communities of three or more, each collapsible into one node
  const communityList = document.querySelector('#communities .checklist');
  for (const [k, members] of communities) {
    if (members.length < 3) continue;
    const cb = el('input', { type: 'checkbox' });
    cb.value = String(k);
    cb.addEventListener('change', () => { if (cb.checked) state.collapsed.add(k); else state.collapsed.delete(k); changed(); });
    communityList.append(el('li', {}, el('label', {}, [cb, el('span', { class: 'name', text: communityName(k) }), el('span', { class: 'n', text: String(members.length) })])));
  }
  function syncCommunityBoxes() { communityList.querySelectorAll('input').forEach(cb => { cb.checked = state.collapsed.has(+cb.value); }); }

  function checked(sectionId) {
    const all = [...document.querySelectorAll('#' + sectionId + ' .checklist input')];
    return { set: new Set(all.filter(c => c.checked).map(c => c.value)), all: all.length, off: all.filter(c => !c.checked).map(c => c.value) };
  }
  function readFilters() {
    const types = checked('filter-types'), pols = checked('filter-polarity'), srcs = checked('filter-sources'), rels = checked('filter-relations');
    const t = state.time;
    return {
      types: types.set, polarities: pols.set, sources: srcs.set, relations: rels.set,
      factFilter: pols.off.length > 0 || srcs.off.length > 0 || rels.off.length > 0 || !!t.from || !!t.to,
    };
  }
  // Everything the reader changes comes through here: redraw, keep the details in step, tell the others.
  function changed() {
    filters = readFilters();
    draw();
    const shownNodes = [...drawn.nodes.values()].reduce((s, d) => s + d.members.length, 0);
    const folded = [...drawn.nodes.values()].reduce((s, d) => s + d.folded, 0);
    const unlinked = state.unlinked ? 0 : DATA.nodes.filter(n => !neighbours.get(n.id).size && !keepOut.has(n.id)).length;
    $('counts').textContent = shownNodes + ' of ' + N + ' entities drawn' + (folded ? ', ' + folded + ' more folded in' : '') +
      (unlinked ? ', ' + unlinked + ' without links left out' : '') + '; ' +
      drawn.shownFacts + ' of ' + E + ' facts between entities as ' + drawn.links.size + ' links';
    if (current && !currentStillDrawn()) clearSelection(); else { applyNeighbourhood(); refreshDetails(); }
    emit('filters', filters);
    saveState();
    if (kg.ready) declutterSoon();
  }
  kg.setTime = (t) => { state.time = { from: t.from || null, to: t.to || null, undated: !!t.undated }; changed(); };
  kg.time = () => Object.assign({}, state.time);
  kg.visible = () => ({
    nodes: [...drawn.nodes.values()].flatMap(d => d.members),
    edges: [...drawn.links.values()].flatMap(l => l.facts.map(f => f.id)),
    links: [...drawn.links.keys()],
  });
  foldBox.addEventListener('change', () => { state.fold = foldBox.checked; changed(); });
  unlinkedBox.addEventListener('change', () => { state.unlinked = unlinkedBox.checked; changed(); });

  // ---------- selection, neighbourhood highlight and details ----------
  let current = null; // {kind: 'node'|'link'|'fact'|'community', id}
  function currentStillDrawn() {
    if (current.kind === 'fact') return drawn.linkOfFact.has(current.id) || (!factIndex.get(current.id).from && drawn.nodes.has(factIndex.get(current.id).subject));
    if (current.kind === 'link') return drawn.links.has(current.id);
    return drawn.nodes.has(current.kind === 'community' ? COMMUNITY + current.id : current.id);
  }
  function applyNeighbourhood() {
    const centre = current && current.kind === 'node' && neighbourhoodBox.checked && drawn.nodes.has(current.id) ? current.id : null;
    const keepN = new Set([centre]), keepL = new Set();
    if (centre) for (const link of drawn.links.values()) if (link.a === centre || link.b === centre) { keepL.add(link.id); keepN.add(link.a); keepN.add(link.b); }
    const nu = [], eu = [];
    for (const [id, d] of drawn.nodes) {
      const want = centre && !keepN.has(id) ? 'dim' : 'base';
      if ((nodeMode.get(id) || 'base') !== want) { nodeMode.set(id, want); nu.push(nodeItem(id, d.folded, want)); }
    }
    for (const link of drawn.links.values()) {
      const want = centre && !keepL.has(link.id) ? 'dim' : 'base';
      if ((linkMode.get(link.id) || 'base') !== want) { linkMode.set(link.id, want); eu.push(linkItem(link, want)); }
    }
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
  }
  neighbourhoodBox.addEventListener('change', applyNeighbourhood);

  const ANIM = { duration: 450, easingFunction: 'easeInOutQuad' };
  function selectNode(id, focus) {
    if (!nodeById.has(id)) return;
    // a folded entity is shown by expanding its host; one in a collapsed community by expanding that
    const host = hostOf.get(id);
    if (state.fold && host && !drawn.nodes.has(id) && drawn.nodes.has(host)) { state.expanded.add(host); changed(); }
    if (state.collapsed.has(nodeById.get(id).community)) { state.collapsed.delete(nodeById.get(id).community); syncCommunityBoxes(); changed(); }
    if (!neighbours.get(id).size && !state.unlinked) { state.unlinked = unlinkedBox.checked = true; changed(); }
    current = { kind: 'node', id: id };
    if (drawn.nodes.has(id)) network.selectNodes([id]); else network.unselectAll();
    applyNeighbourhood();
    showNode(id);
    if (!drawn.nodes.has(id)) return;
    // centred in the part of the canvas the details panel leaves visible
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: -details.offsetWidth / 2, y: 0 }, animation: ANIM });
    else keepClear(id);
    selected();
  }
  // Pan a node out from under the details panel, into the middle of the part of the canvas left visible.
  function keepClear(id) {
    const wrap = container.getBoundingClientRect(), covered = details.offsetWidth;
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    if (!covered || p.x < wrap.width - covered - 30) return;
    const target = (wrap.width - covered) / 2, view = network.getViewPosition(), scale = network.getScale();
    network.moveTo({ position: { x: view.x + (p.x - target) / scale, y: view.y }, animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
  }
  function selectLink(id, focus) {
    const link = drawn.links.get(id);
    if (!link) return;
    current = { kind: 'link', id: id };
    network.selectEdges([id]);
    applyNeighbourhood();
    showLink(link);
    if (focus) network.fit({ nodes: [link.a, link.b], animation: ANIM });
    selected();
  }
  function selectFact(id, focus) {
    const f = factIndex.get(id);
    if (!f) return;
    if (f.from === undefined) { selectNode(f.subject, focus); current = { kind: 'fact', id: id }; showFact(f); selected(); return; }
    if (!drawn.linkOfFact.has(id)) {
      for (const end of [f.from, f.to]) { // bring both ends out of a fold or a collapsed community
        if (hostOf.get(end) && state.fold) state.expanded.add(hostOf.get(end));
        state.collapsed.delete(nodeById.get(end).community);
      }
      syncCommunityBoxes();
      changed();
    }
    current = { kind: 'fact', id: id };
    const lid = drawn.linkOfFact.get(id);
    if (lid) network.selectEdges([lid]); else network.unselectAll();
    applyNeighbourhood();
    showFact(f);
    if (focus && lid) network.fit({ nodes: [f.from, f.to].filter(n => drawn.nodes.has(n)), animation: ANIM });
    selected();
  }
  function selectCommunity(k) {
    current = { kind: 'community', id: k };
    network.selectNodes([COMMUNITY + k]);
    applyNeighbourhood();
    showCommunity(k);
    selected();
  }
  function clearSelection() {
    current = null;
    if (network) network.unselectAll();
    applyNeighbourhood();
    showHelp();
    selected();
  }
  function selected() { emit('select', current); saveState(); if (kg.ready) declutterSoon(); }
  function toggleFold(host) {
    if (state.expanded.has(host)) state.expanded.delete(host); else state.expanded.add(host);
    changed();
    if (current && current.kind === 'node' && current.id === host) showNode(host);
  }
  kg.selectNode = selectNode; kg.selectFact = selectFact; kg.selectEdge = selectFact; kg.selectLink = selectLink;
  kg.clearSelection = clearSelection; kg.toggleFold = toggleFold;
  kg.linkOf = id => drawn.linkOfFact.get(id) || null;
  kg.hostOf = id => hostOf.get(id) || null;

  function entityRef(id, text) {
    if (id && nodeById.has(id)) return el('button', { type: 'button', class: 'link', text: text || label(id), onclick: () => selectNode(id, true) });
    return el('span', { text: text || id });
  }
  function factItem(f) {
    const isEdge = f.from !== undefined;
    const rel = el('span', { class: 'rel', style: { borderColor: polColor(f.polarity) }, title: f.polarity + ' \u00b7 ' + (f.relation || '') });
    rel.append(el('button', { type: 'button', class: 'link', text: relText(f), title: 'show this fact', onclick: () => selectFact(f.id, true) }));
    const object = isEdge ? entityRef(f.to) : el('span', { class: 'literal', text: f.object_label });
    const metaBits = [sourceTitle(f.source)];
    if (f.date) metaBits.push(dateText(f));
    if (f.modality && f.modality !== 'asserted') metaBits.push(f.modality);
    if (f.claimed_by) metaBits.push('claimed by ' + (f.claimed_by_label || f.claimed_by));
    if (f.count) metaBits.push('\u00d7' + f.count);
    if (f.sources > 1) metaBits.push(f.sources + ' sources');
    const q = qualText(f);
    return el('li', { class: factVisible(f) ? null : 'filtered-out', 'data-fact': f.id }, [
      el('div', { class: 'fact-line' }, [entityRef(isEdge ? f.from : f.subject), ' ', rel, ' ', object, q ? ', ' + q : '']),
      el('div', { class: 'fact-meta', text: metaBits.join(' \u00b7 ') }),
      f.note ? el('div', { class: 'fact-meta', text: 'note: ' + f.note }) : null,
      ...evidenceBlocks(f),
    ]);
  }
  function factSection(title, facts) {
    if (!facts.length) return null;
    return [el('h3', { text: title + ' (' + facts.length + ')' }), el('ul', { class: 'facts' }, facts.map(factItem))];
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
  function dyadButton(a, b) {
    return kg.openDyad ? el('button', { type: 'button', class: 'action', text: b ? 'Relations over time' : 'Relations over time with\u2026', onclick: () => kg.openDyad(a, b || null) }) : null;
  }
  function showNode(id) {
    const n = nodeById.get(id);
    const folded = foldedInto.get(id) || [];
    const host = hostOf.get(id);
    openDetails([
      kindLine(n),
      el('h2', { class: 'entity', text: n.label }),
      n.description ? el('p', { class: 'description', text: n.description }) : null,
      dl([['id', n.id], ['aliases', (n.aliases || []).join(', ')], ['Wikidata', n.wikidata || null], ['facts', String(factCount(id))],
        ['community', n.community >= 0 && (communities.get(n.community) || []).length > 2 ? communityName(n.community) : null],
        ['folded into', state.fold && host ? entityRef(host) : null]]),
      el('div', { class: 'row actions' }, [
        folded.length && state.fold ? el('button', { type: 'button', class: 'action', text: (state.expanded.has(id) ? 'Fold ' : 'Expand ') + folded.length + ' minor entities', onclick: () => toggleFold(id) }) : null,
        dyadButton(id, null),
      ]),
      factSection('Facts about it', (outEdges.get(id) || []).concat(n.literals || [])),
      factSection('Facts pointing to it', inEdges.get(id) || []),
      factSection('Statements credited to it', claimsBy.get(id) || []),
      folded.length ? [el('h3', { text: 'Folded into it (' + folded.length + ')' }), el('ul', { class: 'names' }, folded.map(f => el('li', {}, entityRef(f))))] : null,
    ].flat());
  }
  function showLink(link) {
    const [fwd, back] = directions(link);
    const pols = countBy(link.facts, f => f.polarity);
    const entities = !link.a.startsWith(COMMUNITY) && !link.b.startsWith(COMMUNITY);
    openDetails([
      el('div', { class: 'kind' }, [el('span', { class: 'pol', style: { background: linkColor(link) } }), el('span', { text: link.facts.length + (link.facts.length === 1 ? ' fact' : ' facts') + ' \u00b7 ' + [...pols].map(([p, c]) => c + ' ' + p).join(', ') })]),
      el('h2', { class: 'entity' }, [entities ? entityRef(link.a) : el('span', { text: endLabel(link.a) }), ' \u2194 ', entities ? entityRef(link.b) : el('span', { text: endLabel(link.b) })]),
      el('div', { class: 'row actions' }, entities ? [dyadButton(link.a, link.b)] : []),
      factSection(endLabel(link.a) + ' \u2192 ' + endLabel(link.b), fwd),
      factSection(endLabel(link.b) + ' \u2192 ' + endLabel(link.a), back),
    ].flat());
  }
  function showFact(f) {
    const src = own(meta.sources, f.source) || { title: f.source };
    const srcLine = [src.title, src.publisher, src.date].filter(Boolean).join(' \u00b7 ');
    const isEdge = f.from !== undefined;
    const lid = drawn.linkOfFact.get(f.id);
    openDetails([
      el('div', { class: 'kind' }, [el('span', { class: 'pol', style: { background: polColor(f.polarity) } }), el('span', { text: 'Fact \u00b7 ' + f.polarity })]),
      el('h2', { class: 'entity', text: relText(f) }),
      el('div', { class: 'fact-line' }, [entityRef(isEdge ? f.from : f.subject), ' \u2192 ', el('span', { text: relText(f) }), ' \u2192 ',
        isEdge ? entityRef(f.to) : el('span', { class: 'literal', text: f.object_label }), qualText(f) ? ', ' + qualText(f) : '']),
      ...evidenceBlocks(f),
      dl([
        ['source', srcLine], ['URL', src.url || null], ['date', dateText(f) || 'not given'], ['modality', f.modality || 'asserted'],
        ['claimed by', f.claimed_by ? entityRef(f.claimed_by, f.claimed_by_label) : null], ['count', f.count ? String(f.count) : null],
        ['sources stating it', f.sources > 1 ? String(f.sources) : null], ['note', f.note || null],
        ['relation', f.relation], ['fact id', f.id],
      ]),
      lid && drawn.links.get(lid).facts.length > 1 ? el('button', { type: 'button', class: 'link', text: 'all ' + drawn.links.get(lid).facts.length + ' facts of this link', onclick: () => selectLink(lid, false) }) : null,
    ]);
  }
  function showCommunity(k) {
    const members = (communities.get(k) || []).slice().sort((a, b) => nodeById.get(b).degree - nodeById.get(a).degree);
    openDetails([
      el('div', { class: 'kind', text: 'Community (Louvain, on the facts between entities)' }),
      el('h2', { class: 'entity', text: communityName(k) }),
      el('button', { type: 'button', class: 'action', text: 'Expand', onclick: () => { state.collapsed.delete(k); syncCommunityBoxes(); clearSelection(); changed(); } }),
      el('h3', { text: 'Members (' + members.length + ')' }),
      el('ul', { class: 'names' }, members.map(id => el('li', {}, entityRef(id)))),
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
    if (current.kind === 'node') showNode(current.id);
    else if (current.kind === 'link') showLink(drawn.links.get(current.id));
    else if (current.kind === 'fact') showFact(factIndex.get(current.id));
    else showCommunity(current.id);
    details.scrollTop = top;
  }

  // ---------- labels that would overprint one another ----------
  // Once a view settles (after a zoom or a pan, a drag, a change of what is drawn), the labels the zoom
  // shows are kept by importance (facts, then id) where they overlap neither a label already kept nor
  // a more important entity's shape; the others are drawn transparent until the view changes. The
  // selection and what the page highlights keep theirs.
  let muted = new Set(), declutterTimer = null;
  function declutterSoon() { clearTimeout(declutterTimer); declutterTimer = setTimeout(declutter, 180); }
  function declutter() {
    const scale = network.getScale(), pad = 3 / scale;
    const always = new Set([...hlNodes, ...marked, ...(current && current.kind === 'node' ? [current.id] : [])]);
    const ids = [...drawn.nodes.keys()].filter(id => network.body.nodes[id])
      .sort((a, b) => always.has(b) - always.has(a) || nodeValue(b) - nodeValue(a) || (a < b ? -1 : 1));
    const at = network.getPositions(ids), taken = [], now = new Set();
    const free = box => !taken.some(k => box[0] < k[2] && box[2] > k[0] && box[1] < k[3] && box[3] > k[1]);
    for (const id of ids) {
      const body = network.body.nodes[id], size = body.labelModule && body.labelModule.size;
      // vis-network draws a label from 1 px under its threshold on, faded in over that pixel
      if (size && size.width && body.options.font.size * scale >= body.options.scaling.label.drawThreshold - 1) {
        const box = [size.left - pad, size.top - pad, size.left + size.width + pad, size.top + size.height + pad];
        if (always.has(id) || free(box)) taken.push(box); else now.add(id);
      }
      const r = (body.shape && body.shape.radius) || body.options.size || 10, p = at[id];
      taken.push([p.x - r, p.y - r, p.x + r, p.y + r]); // its shape, for the labels of those less important
    }
    const flipped = [...now].filter(id => !muted.has(id)).concat([...muted].filter(id => !now.has(id) && drawn.nodes.has(id)));
    muted = now;
    if (flipped.length) nodes.update(flipped.map(id => nodeItem(id, drawn.nodes.get(id).folded, nodeMode.get(id) || 'base')));
  }

  // ---------- picking what a click means ----------
  // vis-network counts a click on a node's label as a click on the node, which in the dense core
  // takes clicks meant for the links there. Here a click is on a node when it falls inside the node's
  // shape, else on the link nearest the pointer within a few pixels, else on nothing.
  const PICK_PX = 6;
  function segmentDistance(p, a, b) {
    const dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
    return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
  }
  function pick(dom) {
    const scale = network.getScale();
    const ids = [...drawn.nodes.keys()];
    const pos = network.getPositions(ids);
    let node = null, nodeDist = Infinity;
    for (const id of ids) {
      const body = network.body.nodes[id];
      const r = Math.max(4, ((body && body.shape && body.shape.radius) || (body && body.options.size) || 10) * scale) + 2;
      const d = Math.hypot(network.canvasToDOM(pos[id]).x - dom.x, network.canvasToDOM(pos[id]).y - dom.y);
      if (d <= r && d < nodeDist) { node = id; nodeDist = d; }
    }
    if (node) return { kind: 'node', id: node };
    let link = null, linkDist = PICK_PX;
    for (const l of drawn.links.values()) {
      if (l.a === l.b) continue;
      const d = segmentDistance(dom, network.canvasToDOM(pos[l.a]), network.canvasToDOM(pos[l.b]));
      if (d < linkDist) { link = l.id; linkDist = d; }
    }
    return link ? { kind: 'link', id: link } : null;
  }
  function onClick(p) {
    const hit = pick(p.pointer.DOM);
    if (!hit) clearSelection();
    else if (hit.kind === 'link') selectLink(hit.id, false);
    else if (hit.id.startsWith(COMMUNITY)) selectCommunity(+hit.id.slice(COMMUNITY.length));
    else selectNode(hit.id, false);
  }
  function onDoubleClick(p) {
    const hit = pick(p.pointer.DOM);
    if (hit && hit.kind === 'node' && foldedInto.has(hit.id) && state.fold) toggleFold(hit.id);
    else if (hit && hit.kind === 'node' && hit.id.startsWith(COMMUNITY)) { state.collapsed.delete(+hit.id.slice(COMMUNITY.length)); syncCommunityBoxes(); clearSelection(); changed(); }
  }

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
  function hiddenByFilters(id) {
    const n = nodeById.get(id);
    return !filters.types.has(n.type) || (filters.factFilter && ![...(outEdges.get(id) || []), ...(inEdges.get(id) || []), ...(n.literals || [])].some(factVisible));
  }
  function focusFound(id, how) {
    const n = nodeById.get(id);
    if (hiddenByFilters(id)) {
      result.replaceChildren(el('span', { class: 'miss', text: n.label + ' is hidden by the filters; Reset shows everything.' }));
      return;
    }
    result.replaceChildren(el('span', { text: n.label + (how ? ' (' + how + ')' : '') }));
    selectNode(id, true);
  }
  function findEntities(text) {
    const key = norm(text);
    if (!key) return [];
    if (nodeById.has(text.trim())) return [text.trim()];
    const exact = [...(nameIndex.get(key) || [])];
    const found = exact.length ? exact : DATA.nodes.filter(n => [n.label].concat(n.aliases || []).some(s => norm(s).includes(key))).map(n => n.id);
    return found.sort((a, b) => label(a).localeCompare(label(b)));
  }
  function search(text) {
    const key = norm(text);
    if (!key) { result.replaceChildren(); return null; }
    const ids = findEntities(text);
    let how = '';
    if (ids.length === 1 && nameIndex.has(key)) {
      const n = nodeById.get(ids[0]);
      if (norm(n.label) !== key && n.id !== text.trim()) how = 'alias \u201c' + text.trim() + '\u201d';
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
    result.replaceChildren(el('span', { text: ids.length + ' entities match:' }),
      ...ids.slice(0, 25).map(id => el('button', { type: 'button', text: label(id) + ' \u2014 ' + typeOf(nodeById.get(id)).label, onclick: () => focusFound(id, '') })),
      ids.length > 25 ? el('span', { text: '\u2026 and ' + (ids.length - 25) + ' more' }) : null);
    return null;
  }
  kg.search = search;
  $('search-form').addEventListener('submit', ev => { ev.preventDefault(); search($('search').value); });

  // ---------- the API the page's other scripts use (kg-time.js, kg-dyad.js, kg-sparql.js, kg-export.js) ----------
  // kg.data, kg.facts (every fact: an edge's has from/to, a literal's subject/object_label), kg.fact(id),
  // kg.node(id), kg.label(id), kg.el(tag, attrs, children) and kg.svg(tag, attrs, children) (elements,
  // text only as textContent), kg.svgShape(kind, x, y, r, attrs), kg.dayOf(text, end) (a typed date
  // bound), kg.OPEN_START/OPEN_END (the ends of a date open on one side), kg.factItem(fact) (a fact as the details
  // panel lists it), kg.showFacts(title, facts, intro), kg.findEntities(text) (ids, as the search finds
  // them), kg.selectNode(id, focus), kg.selectFact(id, focus), kg.highlight(ids), kg.factVisible(fact),
  // kg.setTime({from, to, undated}) and kg.time(), kg.on(event, fn) for 'filters', 'select', 'ready'
  // and 'reset', kg.state.register(key, {get, set}) for the URL fragment, kg.toolbar(button), and
  // kg.network, kg.nodes, kg.edges (vis-network and its data sets: what is drawn, for the export).
  // Tests also read kg.visible(), kg.linkOf(factId), kg.hostOf(id) and kg.highlighted().
  const listeners = new Map();
  kg.on = (name, fn) => push(listeners, name, fn);
  function emit(name, arg) { for (const fn of listeners.get(name) || []) fn(arg); }
  kg.data = DATA; kg.facts = allFacts; kg.el = el; kg.svg = svgEl; kg.svgShape = svgShape; kg.label = label;
  kg.dayOf = dayOf; kg.OPEN_START = OPEN_START; kg.OPEN_END = OPEN_END; kg.HIDDEN_LABEL = HIDDEN_LABEL;
  kg.fact = id => factIndex.get(id); kg.node = id => nodeById.get(id);
  kg.factVisible = factVisible; kg.factItem = factItem; kg.findEntities = findEntities;
  kg.showFacts = (title, facts, intro) => { current = null; openDetails([intro || null, factSection(title, facts)].flat()); };
  kg.toolbar = button => $('toolbar').append(button);
  // Entities marked from outside the graph (a query's answer row): selected and framed.
  let marked = [];
  kg.highlight = ids => {
    marked = (ids || []).filter(id => nodeById.has(id));
    for (const id of marked) { // out of folds and collapsed communities
      if (hostOf.get(id) && state.fold) state.expanded.add(hostOf.get(id));
      state.collapsed.delete(nodeById.get(id).community);
    }
    syncCommunityBoxes();
    changed();
    const drawnMarked = marked.filter(id => drawn.nodes.has(id));
    network.selectNodes(drawnMarked);
    if (drawnMarked.length) network.fit({ nodes: drawnMarked, animation: ANIM });
    emit('select', { kind: 'highlight', ids: marked });
  };
  kg.highlighted = () => marked.slice();

  // The view's state in the URL fragment (#key=value&...), so a link to the file reopens the same view:
  // each part registers how to read and set its piece.
  const stateParts = new Map();
  let loading = false, saveTimer = null;
  function saveState() {
    if (loading || !kg.ready) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(kg.state.save, 120);
  }
  kg.state = {
    register(key, part) { stateParts.set(key, part); },
    save() {
      clearTimeout(saveTimer);
      const q = new URLSearchParams();
      for (const [key, part] of stateParts) { const v = part.get(); if (v !== null && v !== undefined && v !== '') q.set(key, v); }
      const hash = q.toString();
      if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    },
    load() {
      const q = new URLSearchParams(location.hash.slice(1));
      loading = true;
      try { for (const [key, part] of stateParts) part.set(q.has(key) ? q.get(key) : null); } finally { loading = false; }
    },
  };
  kg.saveState = saveState;
  const list = s => (s ? s.split(',').filter(Boolean) : []);
  for (const [key, section] of [['types', 'filter-types'], ['pol', 'filter-polarity'], ['src', 'filter-sources'], ['rel', 'filter-relations']]) {
    kg.state.register(key, {
      get: () => checked(section).off.join(','),
      set: v => { const off = new Set(list(v)); document.querySelectorAll('#' + section + ' .checklist input').forEach(cb => { cb.checked = !off.has(cb.value); }); changed(); },
    });
  }
  kg.state.register('fold', { get: () => (state.fold ? '' : '0'), set: v => { state.fold = v !== '0'; foldBox.checked = state.fold; changed(); } });
  kg.state.register('unlinked', { get: () => (state.unlinked ? '1' : ''), set: v => { state.unlinked = unlinkedBox.checked = v === '1'; changed(); } });
  kg.state.register('open', { get: () => [...state.expanded].join(','), set: v => { state.expanded = new Set(list(v).filter(id => foldedInto.has(id))); changed(); } });
  kg.state.register('coll', {
    get: () => [...state.collapsed].join(','),
    set: v => { state.collapsed = new Set(list(v).map(Number).filter(k => communities.has(k))); syncCommunityBoxes(); changed(); },
  });
  kg.state.register('sel', {
    get: () => (!current ? '' : current.kind === 'link' ? current.id : current.kind + ':' + current.id), // a link's id starts link:
    set: v => {
      const m = /^(node|link|fact|community):(.+)$/.exec(v || '');
      if (!m) { if (meta.select) selectNode(meta.select, false); else clearSelection(); return; } // the page's own focus, if any
      if (m[1] === 'node') selectNode(m[2], false);
      else if (m[1] === 'fact') selectFact(m[2], false);
      else if (m[1] === 'link') selectLink(v, false);
      else if (communities.has(+m[2])) selectCommunity(+m[2]);
    },
  });
  kg.state.register('view', {
    get: () => { if (!network) return ''; const p = network.getViewPosition(); return [p.x, p.y].map(Math.round).join(',') + ',' + network.getScale().toFixed(3); },
    set: v => {
      const m = /^(-?\d+),(-?\d+),(\d+(?:\.\d+)?)$/.exec(v || '');
      if (m) network.moveTo({ position: { x: +m[1], y: +m[2] }, scale: +m[3] });
    },
  });

  // ---------- physics, reset, fit ----------
  physicsBox.addEventListener('change', () => network.setOptions({ physics: { enabled: physicsBox.checked } }));
  function fitView(animate) {
    const anim = animate ? { duration: 400, easingFunction: 'easeInOutQuad' } : false;
    if (!pathMode) { network.fit({ animation: anim }); return; }
    // frame the highlighted part with a margin, and never closer than 1:1
    network.fit({ nodes: [...inPath].filter(id => drawn.nodes.has(id)), animation: false });
    const scale = Math.min(1, network.getScale() * 0.8);
    network.moveTo({ position: network.getViewPosition(), scale: scale, animation: anim });
  }
  $('fit').addEventListener('click', () => fitView(true));
  $('reset').addEventListener('click', () => {
    document.querySelectorAll('.filter .checklist input').forEach(cb => { cb.checked = true; });
    $('search').value = ''; result.replaceChildren();
    neighbourhoodBox.checked = true;
    state.fold = foldBox.checked = true; state.unlinked = unlinkedBox.checked = false; state.expanded.clear(); state.collapsed.clear(); syncCommunityBoxes();
    marked = [];
    if (physicsBox.checked) { physicsBox.checked = false; network.setOptions({ physics: { enabled: false } }); }
    emit('reset');
    kg.setTime({ from: null, to: null, undated: false });
    clearSelection();
    fitView(true);
  });

  // ---------- start ----------
  filters = readFilters();
  draw();
  kg.timing.datasets = performance.now();
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  kg.network = network;
  kg.timing.network = performance.now();
  network.on('click', onClick);
  network.on('doubleClick', onDoubleClick);
  network.on('zoom', saveState);
  network.on('dragEnd', () => { saveState(); declutterSoon(); });
  // however the view moved (wheel, drag, fit, focus, a restored fragment), sort the labels out once it settles
  let drawnAt = '';
  network.on('afterDrawing', () => {
    const p = network.getViewPosition(), at = p.x + ',' + p.y + ',' + network.getScale();
    if (kg.ready && at !== drawnAt) { drawnAt = at; declutterSoon(); }
  });
  window.addEventListener('hashchange', () => kg.state.load());
  showHelp();
  changed();
  kg.timing.filtered = performance.now();
  const progress = $('progress');
  function ready() {
    if (kg.ready) return;
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    progress.classList.add('done');
    if (pathMode) fitView(false); // a focus page shows the whole neighbourhood, the focus ringed and opened
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: labelThreshold() } } } });
    kg.state.load();
    kg.ready = true;
    kg.readyMs = performance.now();
    emit('ready');
    document.body.dataset.ready = '1';
  }
  if (!N) { progress.textContent = 'Nothing to draw.'; ready(); }
  else {
    network.on('stabilizationProgress', p => { progress.textContent = 'Laying out\u2026 ' + Math.round(100 * p.iterations / p.total) + '%'; });
    network.once('stabilizationIterationsDone', ready);
  }
})();
