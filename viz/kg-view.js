/* actor-kg HTML view: the graph drawn with vis-network.
 *
 * What is drawn is derived from the data and the reader's state by derive(): the filters (kg-filters.js),
 * and what this module keeps, whether minor entities are folded into the actor they hang on
 * (kg-structure.js), which hosts are expanded, which communities collapsed into one node, whether
 * entities without links are drawn. The facts between two drawn entities are one link, weighted by
 * their number and coloured by their polarities, that opens to its facts. Clicks are picked by distance
 * to what is drawn (nodes, then the nearest link), not by vis-network's label boxes, and handed to the
 * selection (kg-details.js), whose neighbourhood this module dims.
 *
 * Provides: kg.network, kg.nodes, kg.edges (vis-network and its data sets), kg.ready, kg.readyMs,
 * kg.visible() ({nodes, edges: fact ids, links}), kg.linkOf(factId), kg.toggleFold(host),
 * kg.highlight(ids) (entities marked from outside the graph, e.g. a query's answer row) and
 * kg.highlighted(), kg.HIDDEN_LABEL; and for the other modules kg.view: drawnIds(), isDrawn(id),
 * link(id) ({id, a, b, facts}, frozen), directions(link) ([a to b facts, b to a facts]), endLabel(id),
 * linkColor(link), nodeValue(id), folding(), expanded(host), reveal(ids) (out of folds and collapsed
 * communities), expandCommunity(k), restyle(ids), focusNode(id, covered), keepClear(id, covered),
 * fitNodes(ids) (`covered`: the width the details panel covers). Emits 'drawn' after each redraw and
 * 'ready' once laid out; registers the URL pieces fold, unlinked, open, coll and view. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el, meta = kg.meta, mix = kg.mix, COMMUNITY = kg.COMMUNITY;
  const N = kg.data.nodes.length;
  const E = kg.data.edges.length;
  const BIG = N > 600;
  const LABEL_INSIDE = new Set(['box', 'ellipse', 'circle', 'database', 'text']);
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  const MIXED = '#8e44ad'; // a link with both conflictual and cooperative facts
  const HIDDEN_LABEL = 'rgba(0,0,0,0)';
  const ANIM = { duration: 450, easingFunction: 'easeInOutQuad' };
  const $ = id => document.getElementById(id);

  // ---------- the reader's drawing state ----------
  let fold = true;
  let unlinked = false; // entities with no link to another are left out of the first view
  let expanded = new Set(); // hosts whose folded entities are drawn
  let collapsed = new Set(); // communities drawn as one node
  let marked = []; // entities marked from outside the graph
  let selection = null; // the selection (kg-details.js) as last told, for the neighbourhood
  let ready = false, readyMs = null;
  const isUnlinked = id => kg.neighbours(id).length === 0;

  // ---------- what is drawn ----------
  // drawn.nodes: drawn id (an entity's, or a collapsed community's) -> {id, folded: how many are folded
  // into it, members: the entities it stands for}; drawn.links: link id -> {id, a, b, facts};
  // drawn.linkOfFact: fact id -> link id.
  let drawn = { nodes: new Map(), links: new Map(), linkOfFact: new Map(), shownFacts: 0 };
  function linkId(a, b) { return 'link:' + (a < b ? a + '|' + b : b + '|' + a); }
  // The drawn end an entity is: itself, or its collapsed community.
  function drawnEnd(id) { const n = kg.node(id); return collapsed.has(n.community) ? COMMUNITY + n.community : id; }
  // A link's facts from its end a to b, and from b to a.
  function directions(link) { return [link.facts.filter(f => drawnEnd(f.from) === link.a), link.facts.filter(f => drawnEnd(f.from) !== link.a)]; }
  function derive() {
    const typeOk = id => kg.filters.typeShown((kg.node(id) || {}).type);
    const narrowed = kg.filters.narrowed();
    const shownFacts = kg.data.edges.filter(e => typeOk(e.from) && typeOk(e.to) && kg.factVisible(e));
    const touched = new Set();
    for (const e of shownFacts) { touched.add(e.from); touched.add(e.to); }
    const shown = new Set(kg.data.nodes.filter(n => typeOk(n.id) && (!narrowed || touched.has(n.id) || (n.literals || []).some(kg.factVisible))).map(n => n.id));
    const nodes = new Set(), foldedAway = new Map();
    for (const id of shown) {
      if (!unlinked && isUnlinked(id) && !kg.keptOut(id)) continue;
      const host = kg.hostOf(id);
      if (fold && host && shown.has(host) && !expanded.has(host)) { foldedAway.set(host, (foldedAway.get(host) || 0) + 1); continue; }
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
    for (const link of links.values()) { Object.freeze(link.facts); Object.freeze(link); }
    return { nodes: out, links: links, linkOfFact: linkOfFact, shownFacts: shownFacts.length };
  }

  // ---------- styles ----------
  function faded(id, mode) { return mode === 'dim' ? 0.82 : (kg.pathMode && !kg.highlit.inPath(id) ? 0.65 : 0); }
  function nodeStyle(n, mode) { // mode: base | dim
    const t = kg.typeOf(n), hl = kg.highlit.node(n.id), f = faded(n.id, mode);
    const c = f ? mix(t.color, '#ffffff', f) : t.color;
    const inside = LABEL_INSIDE.has(t.shape);
    const font = inside ? { color: f ? '#b8b8b8' : '#111111', face: FONT, strokeWidth: 0 }
      : { color: f ? '#d0d0d0' : '#1d1d1d', face: FONT, strokeWidth: f ? 0 : 4, strokeColor: '#ffffff' };
    if (kg.labels.muted(n.id)) Object.assign(font, { color: HIDDEN_LABEL, strokeWidth: 0 });
    return {
      color: { background: c, border: hl && !f ? '#111111' : mix(c, '#000000', 0.3), highlight: { background: c, border: '#000000' }, hover: { background: c, border: '#000000' } },
      font: font,
      borderWidth: hl && !f ? 4 : 1.5,
      shadow: hl && !f ? { enabled: true, color: 'rgba(0,0,0,0.45)', size: 14, x: 0, y: 0 } : { enabled: false },
    };
  }
  function nodeValue(id) { return id.startsWith(COMMUNITY) ? 4 * kg.communityOf(+id.slice(COMMUNITY.length)).length : kg.factCount(id); }
  function nodeItem(id, folded, mode) {
    if (id.startsWith(COMMUNITY)) return communityItem(+id.slice(COMMUNITY.length), mode);
    const n = kg.node(id), t = kg.typeOf(n);
    const item = Object.assign({ id: id, label: n.label + (folded ? '  +' + folded : ''), shape: t.shape, value: nodeValue(id), title: nodeTooltip(n, folded) }, nodeStyle(n, mode));
    if (LABEL_INSIDE.has(t.shape)) item.margin = 5;
    return item;
  }
  function communityItem(k, mode) {
    const size = kg.communityOf(k).length, name = kg.communityName(k);
    const c = mode === 'dim' ? '#e4e8ef' : '#9aa9c4';
    return {
      id: COMMUNITY + k, label: name + ' (' + size + ')', shape: 'hexagon', value: nodeValue(COMMUNITY + k),
      title: 'community of ' + size + ' entities: ' + name + '\nclick for its members; expand it from there',
      color: { background: c, border: mix(c, '#000000', 0.35), highlight: { background: c, border: '#000000' }, hover: { background: c, border: '#000000' } },
      font: { color: mode === 'dim' ? '#c0c0c0' : '#1d1d1d', face: FONT, strokeWidth: 4, strokeColor: '#ffffff' }, borderWidth: 2, shadow: { enabled: false },
    };
  }
  function linkColor(link) {
    const pols = new Set(link.facts.map(f => f.polarity));
    if (pols.has('conflictual') && pols.has('cooperative')) return MIXED;
    return kg.polColor(pols.has('conflictual') ? 'conflictual' : pols.has('cooperative') ? 'cooperative' : 'neutral');
  }
  function linkItem(link, mode) {
    const hl = link.facts.some(f => kg.highlit.edge(f.id));
    const dim = mode === 'dim' || (kg.pathMode && !hl);
    const c = linkColor(link);
    const [fwd, back] = directions(link).map(facts => facts.length > 0);
    const sameCommunity = !link.a.startsWith(COMMUNITY) && !link.b.startsWith(COMMUNITY) && kg.node(link.a).community === kg.node(link.b).community;
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
    const lines = [n.label, kg.typeOf(n).label];
    if (n.aliases && n.aliases.length) lines.push('also: ' + n.aliases.join(', '));
    if (n.description) lines.push(n.description);
    lines.push(kg.factCount(n.id) + ' facts \u2014 click for details');
    if (folded) lines.push(folded + ' minor entities folded in \u2014 double-click to expand');
    return lines.join('\n');
  }
  function endLabel(id) { return id.startsWith(COMMUNITY) ? 'community ' + kg.communityName(+id.slice(COMMUNITY.length)) : kg.label(id); }
  function relationCounts(facts) {
    const c = kg.countBy(facts, kg.relText);
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
  // Start positions grouped by community: communities on a sunflower spiral, largest in the middle,
  // members on a small spiral round their centre; the forces then only tidy up.
  const start = new Map();
  (function seed() {
    const golden = Math.PI * (3 - Math.sqrt(5));
    let placed = 0;
    for (const [, members] of kg.communities().sort((x, y) => x[0] - y[0])) {
      const r = 150 * Math.sqrt(placed), a = placed * golden;
      const cx = r * Math.cos(a), cy = r * Math.sin(a);
      members.forEach((id, i) => start.set(id, { x: cx + 22 * Math.sqrt(i) * Math.cos(i * golden), y: cy + 22 * Math.sqrt(i) * Math.sin(i * golden) }));
      placed += Math.max(1, members.length / 6);
    }
  })();
  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    nodes: {
      font: { face: FONT },
      widthConstraint: { maximum: 240 },
      // labels by importance and zoom (kg-labels.js)
      scaling: { min: 7, max: 42, customScalingFunction: kg.labels.scale, label: { enabled: true, min: kg.labels.MIN, max: kg.labels.MAX, drawThreshold: 8 } },
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
  const container = $('network');

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
    const host = kg.hostOf(id) || id;
    const hp = positions([host])[host];
    if (!hp) return start.get(id);
    const i = ringUsed.get(host) || 0;
    ringUsed.set(host, i + 1);
    const ring = 90 + 35 * Math.floor(i / 12), a = (i % 12) * Math.PI / 6 + (Math.floor(i / 12) % 2) * Math.PI / 12;
    return { x: hp.x + ring * Math.cos(a), y: hp.y + ring * Math.sin(a) };
  }

  // ---------- controls ----------
  const physicsBox = $('physics'), neighbourhoodBox = $('neighbourhood'), foldBox = $('fold'), unlinkedBox = $('unlinked');
  $('subtitle').textContent = meta.subtitle || '';
  document.title = meta.title;
  // communities of three or more, each collapsible into one node
  const communityList = document.querySelector('#communities .checklist');
  for (const [k, members] of kg.communities()) {
    if (members.length < 3) continue;
    const cb = el('input', { type: 'checkbox' });
    cb.value = String(k);
    cb.addEventListener('change', () => { if (cb.checked) collapsed.add(k); else collapsed.delete(k); changed(); });
    communityList.append(el('li', {}, el('label', {}, [cb, el('span', { class: 'name', text: kg.communityName(k) }), el('span', { class: 'n', text: String(members.length) })])));
  }
  function syncCommunityBoxes() { communityList.querySelectorAll('input').forEach(cb => { cb.checked = collapsed.has(+cb.value); }); }

  // Everything that changes what is drawn comes through here: redraw, say so, tell the others.
  function changed() {
    draw();
    const shownNodes = [...drawn.nodes.values()].reduce((s, d) => s + d.members.length, 0);
    const folded = [...drawn.nodes.values()].reduce((s, d) => s + d.folded, 0);
    const left = unlinked ? 0 : kg.data.nodes.filter(n => isUnlinked(n.id) && !kg.keptOut(n.id)).length;
    $('counts').textContent = shownNodes + ' of ' + N + ' entities drawn' + (folded ? ', ' + folded + ' more folded in' : '') +
      (left ? ', ' + left + ' without links left out' : '') + '; ' +
      drawn.shownFacts + ' of ' + E + ' facts between entities as ' + drawn.links.size + ' links';
    applyNeighbourhood();
    kg.emit('drawn');
    kg.saveState();
    kg.labels.soon();
  }
  kg.on('filters', changed);
  foldBox.addEventListener('change', () => { fold = foldBox.checked; changed(); });
  unlinkedBox.addEventListener('change', () => { unlinked = unlinkedBox.checked; changed(); });
  function toggleFold(host) {
    if (expanded.has(host)) expanded.delete(host); else expanded.add(host);
    changed();
  }
  // Out of folds and collapsed communities, and drawn though without links: redrawn once if need be.
  function reveal(ids) {
    let again = false;
    for (const id of ids) {
      const n = kg.node(id), host = kg.hostOf(id);
      if (!n) continue;
      if (fold && host && !drawn.nodes.has(id) && !expanded.has(host)) { expanded.add(host); again = true; }
      if (collapsed.delete(n.community)) again = true;
      if (isUnlinked(id) && !unlinked) { unlinked = unlinkedBox.checked = true; again = true; }
    }
    if (again) { syncCommunityBoxes(); changed(); }
  }
  function expandCommunity(k) { collapsed.delete(k); syncCommunityBoxes(); changed(); }

  // ---------- the selection's neighbourhood, and the network's own selection ----------
  function applyNeighbourhood() {
    const centre = selection && selection.kind === 'node' && neighbourhoodBox.checked && drawn.nodes.has(selection.id) ? selection.id : null;
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
  function selectInNetwork(s) {
    if (!network) return;
    const f = s && s.kind === 'fact' ? kg.fact(s.id) : null;
    if (!s) network.unselectAll();
    else if (s.kind === 'node') { if (drawn.nodes.has(s.id)) network.selectNodes([s.id]); else network.unselectAll(); }
    else if (s.kind === 'community') network.selectNodes([COMMUNITY + s.id]);
    else if (s.kind === 'link') network.selectEdges([s.id]);
    else if (f.from === undefined) { if (drawn.nodes.has(f.subject)) network.selectNodes([f.subject]); else network.unselectAll(); }
    else if (drawn.linkOfFact.has(s.id)) network.selectEdges([drawn.linkOfFact.get(s.id)]);
    else network.unselectAll();
  }
  kg.on('select', s => {
    if (s && s.kind === 'highlight') return; // this module's own marks
    selection = s ? Object.freeze(Object.assign({}, s)) : null;
    selectInNetwork(selection);
    applyNeighbourhood();
    kg.labels.soon();
  });
  function highlight(ids) {
    marked = (ids || []).filter(id => kg.node(id));
    for (const id of marked) { // out of folds and collapsed communities
      if (kg.hostOf(id) && fold) expanded.add(kg.hostOf(id));
      collapsed.delete(kg.node(id).community);
    }
    syncCommunityBoxes();
    changed();
    const drawnMarked = marked.filter(id => drawn.nodes.has(id));
    network.selectNodes(drawnMarked);
    if (drawnMarked.length) network.fit({ nodes: drawnMarked, animation: ANIM });
    kg.emit('select', { kind: 'highlight', ids: marked.slice() });
  }

  // ---------- moving the view ----------
  // centred in the part of the canvas the details panel leaves visible (`covered` px on the right)
  function focusNode(id, covered) {
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: -covered / 2, y: 0 }, animation: ANIM });
  }
  // Pan a node out from under the details panel, into the middle of the part of the canvas left visible.
  function keepClear(id, covered) {
    const wrap = container.getBoundingClientRect();
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    if (!covered || p.x < wrap.width - covered - 30) return;
    const target = (wrap.width - covered) / 2, view = network.getViewPosition(), scale = network.getScale();
    network.moveTo({ position: { x: view.x + (p.x - target) / scale, y: view.y }, animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
  }
  function fitNodes(ids) { network.fit({ nodes: ids.filter(id => drawn.nodes.has(id)), animation: ANIM }); }
  function fitView(animate) {
    const anim = animate ? { duration: 400, easingFunction: 'easeInOutQuad' } : false;
    if (!kg.pathMode) { network.fit({ animation: anim }); return; }
    // frame the highlighted part with a margin, and never closer than 1:1
    network.fit({ nodes: kg.highlit.inPathIds().filter(id => drawn.nodes.has(id)), animation: false });
    const scale = Math.min(1, network.getScale() * 0.8);
    network.moveTo({ position: network.getViewPosition(), scale: scale, animation: anim });
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
    if (!hit) kg.clearSelection();
    else if (hit.kind === 'link') kg.selectLink(hit.id, false);
    else if (hit.id.startsWith(COMMUNITY)) kg.selectCommunity(+hit.id.slice(COMMUNITY.length));
    else kg.selectNode(hit.id, false);
  }
  function onDoubleClick(p) {
    const hit = pick(p.pointer.DOM);
    if (hit && hit.kind === 'node' && kg.foldedInto(hit.id).length && fold) toggleFold(hit.id);
    else if (hit && hit.kind === 'node' && hit.id.startsWith(COMMUNITY)) { expandCommunity(+hit.id.slice(COMMUNITY.length)); kg.clearSelection(); }
  }

  // ---------- the URL fragment ----------
  const list = s => (s ? s.split(',').filter(Boolean) : []);
  kg.state.register('fold', { get: () => (fold ? '' : '0'), set: v => { fold = v !== '0'; foldBox.checked = fold; changed(); } });
  kg.state.register('unlinked', { get: () => (unlinked ? '1' : ''), set: v => { unlinked = unlinkedBox.checked = v === '1'; changed(); } });
  kg.state.register('open', { get: () => [...expanded].join(','), set: v => { expanded = new Set(list(v).filter(id => kg.foldedInto(id).length)); changed(); } });
  kg.state.register('coll', {
    get: () => [...collapsed].join(','),
    set: v => { const known = new Set(kg.communities().map(c => c[0])); collapsed = new Set(list(v).map(Number).filter(k => known.has(k))); syncCommunityBoxes(); changed(); },
  });
  kg.state.register('view', {
    get: () => { if (!network) return ''; const p = network.getViewPosition(); return [p.x, p.y].map(Math.round).join(',') + ',' + network.getScale().toFixed(3); },
    set: v => {
      const m = /^(-?\d+),(-?\d+),(\d+(?:\.\d+)?)$/.exec(v || '');
      if (m) network.moveTo({ position: { x: +m[1], y: +m[2] }, scale: +m[3] });
    },
  }, true);

  // ---------- physics, reset, fit ----------
  physicsBox.addEventListener('change', () => network.setOptions({ physics: { enabled: physicsBox.checked } }));
  $('fit').addEventListener('click', () => fitView(true));
  $('reset').addEventListener('click', () => {
    neighbourhoodBox.checked = true;
    fold = foldBox.checked = true; unlinked = unlinkedBox.checked = false; expanded.clear(); collapsed.clear(); syncCommunityBoxes();
    marked = [];
    if (physicsBox.checked) { physicsBox.checked = false; network.setOptions({ physics: { enabled: false } }); }
    kg.emit('reset');
    kg.filters.reset(); // redraws
    kg.clearSelection();
    fitView(true);
  });

  kg.provide({
    get network() { return network; }, nodes, edges,
    get ready() { return ready; }, get readyMs() { return readyMs; },
    HIDDEN_LABEL,
    visible: () => ({
      nodes: [...drawn.nodes.values()].flatMap(d => d.members),
      edges: [...drawn.links.values()].flatMap(l => l.facts.map(f => f.id)),
      links: [...drawn.links.keys()],
    }),
    linkOf: id => drawn.linkOfFact.get(id) || null,
    toggleFold, highlight, highlighted: () => marked.slice(),
    view: Object.freeze({
      drawnIds: () => [...drawn.nodes.keys()], isDrawn: id => drawn.nodes.has(id), link: id => drawn.links.get(id) || null,
      directions, endLabel, linkColor, nodeValue, folding: () => fold, expanded: host => expanded.has(host),
      reveal, expandCommunity, restyle: ids => nodes.update(ids.map(id => nodeItem(id, drawn.nodes.get(id).folded, nodeMode.get(id) || 'base'))),
      focusNode, keepClear, fitNodes,
    }),
  });

  // ---------- start ----------
  draw();
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  network.on('click', onClick);
  network.on('doubleClick', onDoubleClick);
  network.on('zoom', kg.saveState);
  network.on('dragEnd', () => { kg.saveState(); kg.labels.soon(); });
  // however the view moved (wheel, drag, fit, focus, a restored fragment), sort the labels out once it settles
  let drawnAt = '';
  network.on('afterDrawing', () => {
    const p = network.getViewPosition(), at = p.x + ',' + p.y + ',' + network.getScale();
    if (ready && at !== drawnAt) { drawnAt = at; kg.labels.soon(); }
  });
  changed();
  const progress = $('progress');
  function laidOut() {
    if (ready) return;
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    progress.classList.add('done');
    if (kg.pathMode) fitView(false); // a focus page shows the whole neighbourhood, the focus ringed and opened
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: kg.labels.threshold() } } } });
    kg.state.load();
    ready = true;
    readyMs = performance.now();
    kg.emit('ready');
    document.body.dataset.ready = '1';
  }
  if (!N) { progress.textContent = 'Nothing to draw.'; setTimeout(laidOut); }
  else {
    network.on('stabilizationProgress', p => { progress.textContent = 'Laying out\u2026 ' + Math.round(100 * p.iterations / p.total) + '%'; });
    network.once('stabilizationIterationsDone', laidOut);
  }
})();
