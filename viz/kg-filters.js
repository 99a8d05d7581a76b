/* actor-kg HTML view: the reader's filters, the checklists of entity types, polarities, sources and
 * relations, and the time window (set by the time bar, kg-time.js).
 *
 * Which facts a window keeps is the one rule here that must run in the page, because the reader sets
 * the window: a fact is in it when the days its date covers overlap it, a range open at one end
 * counting as its known bound, as `kg viz --since/--until` keeps them (actor_kg.analysis.filters.known_range);
 * undated facts are left out while a window is set, unless asked for.
 *
 * Provides: kg.factVisible(fact), kg.filters.typeShown(type), kg.filters.narrowed() (some fact is
 * filtered out), kg.filters.reset(), kg.setTime({from, to, undated}), kg.time(). Emits 'filters' on
 * every change; registers the URL pieces types, pol, src and rel. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el, meta = kg.meta;
  const OPEN_START = kg.OPEN_START, OPEN_END = kg.OPEN_END;

  let time = { from: null, to: null, undated: false }; // ISO days
  let shown = null; // what the checklists keep: {types, polarities, sources, relations} as Sets, and narrowed

  // The days a fact's date covers, a range open at one end closed at its known end: "not before 2022"
  // counts as 2022, as the CLI's date filters and timelines place it.
  function knownRange(f) {
    return [f.date_start === OPEN_START ? f.date_end : f.date_start, f.date_end === OPEN_END ? f.date_start : f.date_end];
  }
  function factVisible(f) {
    if (!shown) return true;
    if (!shown.sources.has(f.source) || !shown.relations.has(f.relation) || !shown.polarities.has(f.polarity)) return false;
    if (time.from || time.to) {
      if (!f.date_start) return time.undated;
      const [start, end] = knownRange(f);
      if (time.from && end < time.from) return false;
      if (time.to && start > time.to) return false;
    }
    return true;
  }

  // ---------- the checklists ----------
  const typeCounts = kg.countBy(kg.data.nodes, n => n.type);
  const polCounts = kg.countBy(kg.facts, f => f.polarity);
  const sourceCounts = kg.countBy(kg.facts, f => f.source);
  const relCounts = kg.countBy(kg.facts, f => f.relation);
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
    .map(t => ({ value: t, icon: kg.shapeIcon(meta.types[t].shape, meta.types[t].color), name: meta.types[t].label + (meta.types[t].fold ? ' (folded)' : ''), count: typeCounts.get(t) || 0 })));
  checklist('filter-polarity', Object.keys(meta.polarities).map(p => ({
    value: p, icon: el('span', { class: 'swatch-line', style: { borderColor: meta.polarities[p] } }), name: p, count: polCounts.get(p) || 0,
  })));
  checklist('filter-sources', Object.keys(meta.sources).map(s => ({ value: s, icon: null, name: kg.sourceTitle(s), count: sourceCounts.get(s) || 0, title: s })));
  checklist('filter-relations', Object.keys(meta.relations).sort((a, b) => (relCounts.get(b) || 0) - (relCounts.get(a) || 0) || a.localeCompare(b))
    .map(r => ({ value: r, icon: el('span', { class: 'pol', style: { background: kg.polColor(meta.relations[r].polarity) } }), name: meta.relations[r].label, count: relCounts.get(r) || 0, title: r })));

  function checked(sectionId) {
    const all = [...document.querySelectorAll('#' + sectionId + ' .checklist input')];
    return { set: new Set(all.filter(c => c.checked).map(c => c.value)), off: all.filter(c => !c.checked).map(c => c.value) };
  }
  function read() {
    const types = checked('filter-types'), pols = checked('filter-polarity'), srcs = checked('filter-sources'), rels = checked('filter-relations');
    shown = {
      types: types.set, polarities: pols.set, sources: srcs.set, relations: rels.set,
      narrowed: pols.off.length > 0 || srcs.off.length > 0 || rels.off.length > 0 || !!time.from || !!time.to,
    };
  }
  function changed() {
    read();
    kg.emit('filters');
    kg.saveState();
  }

  const list = s => (s ? s.split(',').filter(Boolean) : []);
  for (const [key, section] of [['types', 'filter-types'], ['pol', 'filter-polarity'], ['src', 'filter-sources'], ['rel', 'filter-relations']]) {
    kg.state.register(key, {
      get: () => checked(section).off.join(','),
      set: v => { const off = new Set(list(v)); document.querySelectorAll('#' + section + ' .checklist input').forEach(cb => { cb.checked = !off.has(cb.value); }); changed(); },
    });
  }
  read();

  kg.provide({
    factVisible,
    filters: Object.freeze({
      typeShown: type => shown.types.has(type),
      narrowed: () => shown.narrowed,
      reset() {
        document.querySelectorAll('.filter .checklist input').forEach(cb => { cb.checked = true; });
        time = { from: null, to: null, undated: false };
        changed();
      },
    }),
    setTime(t) { time = { from: t.from || null, to: t.to || null, undated: !!t.undated }; changed(); },
    time: () => Object.assign({}, time),
  });
})();
