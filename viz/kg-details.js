/* actor-kg HTML view: the selection and the details panel, which explains what is selected: an
 * entity, a link (every fact between two drawn ends), a fact, a community. A fact reads as Python wrote
 * it: its date and qualifiers come in words (date_text, qualifier_text, from actor_kg.output.render).
 *
 * Provides: kg.selectNode(id, focus), kg.selectFact(id, focus) (also as kg.selectEdge),
 * kg.selectLink(id, focus), kg.selectCommunity(k), kg.clearSelection(), kg.selection() ({kind, id} or
 * null), kg.factItem(fact) (a fact as the panel lists it), kg.showFacts(title, facts, intro). Emits
 * 'select' with the selection; registers the URL piece sel. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el, meta = kg.meta, COMMUNITY = kg.COMMUNITY;
  const details = document.getElementById('details');
  const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);

  let current = null; // {kind: 'node'|'link'|'fact'|'community', id}

  function stillDrawn() {
    if (current.kind === 'fact') { const f = kg.fact(current.id); return !!kg.linkOf(current.id) || (f.from === undefined && kg.view.isDrawn(f.subject)); }
    if (current.kind === 'link') return !!kg.view.link(current.id);
    return kg.view.isDrawn(current.kind === 'community' ? COMMUNITY + current.id : current.id);
  }
  kg.on('drawn', () => { if (current && !stillDrawn()) clearSelection(); else refresh(); });

  function selected() { kg.emit('select', current ? Object.assign({}, current) : null); kg.saveState(); }
  function selectNode(id, focus) {
    if (!kg.node(id)) return;
    // a folded entity is shown by expanding its host; one in a collapsed community by expanding that
    kg.view.reveal([id]);
    current = { kind: 'node', id: id };
    showNode(id);
    selected();
    if (!kg.view.isDrawn(id)) return;
    if (focus) kg.view.focusNode(id, details.offsetWidth); else kg.view.keepClear(id, details.offsetWidth);
  }
  function selectLink(id, focus) {
    const link = kg.view.link(id);
    if (!link) return;
    current = { kind: 'link', id: id };
    showLink(link);
    selected();
    if (focus) kg.view.fitNodes([link.a, link.b]);
  }
  function selectFact(id, focus) {
    const f = kg.fact(id);
    if (!f) return;
    if (f.from === undefined) { selectNode(f.subject, focus); current = { kind: 'fact', id: id }; showFact(f); selected(); return; }
    if (!kg.linkOf(id)) kg.view.reveal([f.from, f.to]); // both ends out of a fold or a collapsed community
    current = { kind: 'fact', id: id };
    showFact(f);
    selected();
    if (focus && kg.linkOf(id)) kg.view.fitNodes([f.from, f.to]);
  }
  function selectCommunity(k) {
    current = { kind: 'community', id: k };
    showCommunity(k);
    selected();
  }
  function clearSelection() {
    current = null;
    showHelp();
    selected();
  }

  // ---------- what the panel shows ----------
  function entityRef(id, text) {
    if (id && kg.node(id)) return el('button', { type: 'button', class: 'link', text: text || kg.label(id), onclick: () => selectNode(id, true) });
    return el('span', { text: text || id });
  }
  // Every quote of the fact's evidence, then the links its own words make to other facts.
  function evidenceBlocks(f) {
    const quotes = (f.evidence && f.evidence.length ? f.evidence.map(e => e.quote) : [f.quote]).filter(Boolean);
    const out = quotes.map(q => el('blockquote', { text: '\u201c' + q + '\u201d' }));
    for (const link of f.links || []) out.push(el('div', { class: 'fact-meta', text: link.type.replace(/_/g, ' ') + ' [' + link.fact + ']' + (link.quote ? ': \u201c' + link.quote + '\u201d' : '') }));
    return out;
  }
  function factItem(f) {
    const isEdge = f.from !== undefined;
    const rel = el('span', { class: 'rel', style: { borderColor: kg.polColor(f.polarity) }, title: f.polarity + ' \u00b7 ' + (f.relation || '') });
    rel.append(el('button', { type: 'button', class: 'link', text: kg.relText(f), title: 'show this fact', onclick: () => selectFact(f.id, true) }));
    const object = isEdge ? entityRef(f.to) : el('span', { class: 'literal', text: f.object_label });
    const metaBits = [kg.sourceTitle(f.source)];
    if (f.date_text) metaBits.push(f.date_text);
    if (f.modality && f.modality !== 'asserted') metaBits.push(f.modality);
    if (f.claimed_by) metaBits.push('claimed by ' + (f.claimed_by_label || f.claimed_by));
    if (f.count) metaBits.push('\u00d7' + f.count);
    if (f.sources > 1) metaBits.push(f.sources + ' sources');
    return el('li', { class: kg.factVisible(f) ? null : 'filtered-out', 'data-fact': f.id }, [
      el('div', { class: 'fact-line' }, [entityRef(isEdge ? f.from : f.subject), ' ', rel, ' ', object, f.qualifier_text ? ', ' + f.qualifier_text : '']),
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
    const t = kg.typeOf(n);
    return el('div', { class: 'kind' }, [kg.shapeIcon(t.shape, t.color), el('span', { text: t.label })]);
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
    const n = kg.node(id);
    const folded = kg.foldedInto(id);
    const host = kg.hostOf(id), folding = kg.view.folding();
    const community = kg.communityOf(n.community);
    open([
      kindLine(n),
      el('h2', { class: 'entity', text: n.label }),
      n.description ? el('p', { class: 'description', text: n.description }) : null,
      dl([['id', n.id], ['aliases', (n.aliases || []).join(', ')], ['Wikidata', n.wikidata || null], ['facts', String(kg.factCount(id))],
        ['community', n.community >= 0 && community.length > 2 ? kg.communityName(n.community) : null],
        ['folded into', folding && host ? entityRef(host) : null]]),
      el('div', { class: 'row actions' }, [
        folded.length && folding ? el('button', { type: 'button', class: 'action', text: (kg.view.expanded(id) ? 'Fold ' : 'Expand ') + folded.length + ' minor entities', onclick: () => kg.toggleFold(id) }) : null,
        dyadButton(id, null),
      ]),
      factSection('Facts about it', kg.outFacts(id).concat(n.literals || [])),
      factSection('Facts pointing to it', kg.inFacts(id)),
      factSection('Statements credited to it', kg.claimsBy(id)),
      folded.length ? [el('h3', { text: 'Folded into it (' + folded.length + ')' }), el('ul', { class: 'names' }, folded.map(f => el('li', {}, entityRef(f))))] : null,
    ].flat());
  }
  function showLink(link) {
    const [fwd, back] = kg.view.directions(link);
    const pols = kg.countBy(link.facts, f => f.polarity);
    const entities = !link.a.startsWith(COMMUNITY) && !link.b.startsWith(COMMUNITY);
    const end = kg.view.endLabel;
    open([
      el('div', { class: 'kind' }, [el('span', { class: 'pol', style: { background: kg.view.linkColor(link) } }), el('span', { text: link.facts.length + (link.facts.length === 1 ? ' fact' : ' facts') + ' \u00b7 ' + [...pols].map(([p, c]) => c + ' ' + p).join(', ') })]),
      el('h2', { class: 'entity' }, [entities ? entityRef(link.a) : el('span', { text: end(link.a) }), ' \u2194 ', entities ? entityRef(link.b) : el('span', { text: end(link.b) })]),
      el('div', { class: 'row actions' }, entities ? [dyadButton(link.a, link.b)] : []),
      factSection(end(link.a) + ' \u2192 ' + end(link.b), fwd),
      factSection(end(link.b) + ' \u2192 ' + end(link.a), back),
    ].flat());
  }
  function showFact(f) {
    const src = own(meta.sources, f.source) || { title: f.source };
    const srcLine = [src.title, src.publisher, src.date].filter(Boolean).join(' \u00b7 ');
    const isEdge = f.from !== undefined;
    const link = kg.view.link(kg.linkOf(f.id));
    open([
      el('div', { class: 'kind' }, [el('span', { class: 'pol', style: { background: kg.polColor(f.polarity) } }), el('span', { text: 'Fact \u00b7 ' + f.polarity })]),
      el('h2', { class: 'entity', text: kg.relText(f) }),
      el('div', { class: 'fact-line' }, [entityRef(isEdge ? f.from : f.subject), ' \u2192 ', el('span', { text: kg.relText(f) }), ' \u2192 ',
        isEdge ? entityRef(f.to) : el('span', { class: 'literal', text: f.object_label }), f.qualifier_text ? ', ' + f.qualifier_text : '']),
      ...evidenceBlocks(f),
      dl([
        ['source', srcLine], ['URL', src.url || null], ['date', f.date_text || 'not given'], ['modality', f.modality || 'asserted'],
        ['claimed by', f.claimed_by ? entityRef(f.claimed_by, f.claimed_by_label) : null], ['count', f.count ? String(f.count) : null],
        ['sources stating it', f.sources > 1 ? String(f.sources) : null], ['note', f.note || null],
        ['relation', f.relation], ['fact id', f.id],
      ]),
      link && link.facts.length > 1 ? el('button', { type: 'button', class: 'link', text: 'all ' + link.facts.length + ' facts of this link', onclick: () => selectLink(link.id, false) }) : null,
    ]);
  }
  function showCommunity(k) {
    const members = kg.communityOf(k).sort((a, b) => kg.node(b).degree - kg.node(a).degree);
    open([
      el('div', { class: 'kind', text: 'Community (Louvain, on the facts between entities)' }),
      el('h2', { class: 'entity', text: kg.communityName(k) }),
      el('button', { type: 'button', class: 'action', text: 'Expand', onclick: () => { kg.view.expandCommunity(k); clearSelection(); } }),
      el('h3', { text: 'Members (' + members.length + ')' }),
      el('ul', { class: 'names' }, members.map(id => el('li', {}, entityRef(id)))),
    ]);
  }
  function open(children) {
    const close = el('button', { type: 'button', class: 'close', title: 'close', 'aria-label': 'close', text: '\u00d7', onclick: () => clearSelection() });
    details.replaceChildren(close, ...children.filter(Boolean));
    details.classList.add('open');
    details.scrollTop = 0;
  }
  function showHelp() {
    details.replaceChildren();
    details.classList.remove('open');
  }
  function refresh() {
    if (!current) return;
    const top = details.scrollTop;
    if (current.kind === 'node') showNode(current.id);
    else if (current.kind === 'link') showLink(kg.view.link(current.id));
    else if (current.kind === 'fact') showFact(kg.fact(current.id));
    else showCommunity(current.id);
    details.scrollTop = top;
  }

  kg.state.register('sel', {
    get: () => (!current ? '' : current.kind === 'link' ? current.id : current.kind + ':' + current.id), // a link's id starts link:
    set: v => {
      const m = /^(node|link|fact|community):(.+)$/.exec(v || '');
      if (!m) { if (meta.select) selectNode(meta.select, false); else clearSelection(); return; } // the page's own focus, if any
      if (m[1] === 'node') selectNode(m[2], false);
      else if (m[1] === 'fact') selectFact(m[2], false);
      else if (m[1] === 'link') selectLink(v, false);
      else if (kg.communityOf(+m[2]).length) selectCommunity(+m[2]);
    },
  });

  kg.provide({
    selectNode, selectFact, selectEdge: selectFact, selectLink, selectCommunity, clearSelection,
    selection: () => (current ? Object.assign({}, current) : null),
    factItem,
    showFacts(title, facts, intro) { current = null; open([intro || null, factSection(title, facts)].flat()); },
  });
})();
