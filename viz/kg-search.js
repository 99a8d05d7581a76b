/* actor-kg HTML view: finding an entity by name or alias, as the CLI resolves one: names folded by
 * actor_kg.text.names (its table embedded as meta.fold), an unknown name answered with the closest
 * ones. The page must fold and compare here: the reader types the name.
 *
 * Provides: kg.findEntities(text) (ids, sorted by label), kg.search(text) (the id found, or null; the
 * search box's answer shows what it found). Clears itself on 'reset'. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el;
  const $ = id => document.getElementById(id);

  // The name-folding rule of actor_kg.text.names.normalize, with its table generated into meta.fold.
  const FOLD = new Map(Object.entries(kg.meta.fold || {}));
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

  const nameIndex = new Map();
  const names = new Set();
  for (const n of kg.data.nodes) {
    for (const name of [n.id, n.label].concat(n.aliases || [])) {
      const k = norm(name);
      if (!nameIndex.has(k)) nameIndex.set(k, new Set());
      nameIndex.get(k).add(n.id);
    }
    for (const name of [n.label].concat(n.aliases || [])) names.add(name);
  }
  $('search-names').append(...[...names].sort().map(name => el('option', { value: name })));
  const result = $('search-result');
  const typeLabel = id => kg.typeOf(kg.node(id)).label;
  function hiddenByFilters(id) {
    const n = kg.node(id);
    return !kg.filters.typeShown(n.type) || (kg.filters.narrowed() && ![...kg.outFacts(id), ...kg.inFacts(id), ...(n.literals || [])].some(kg.factVisible));
  }
  function focusFound(id, how) {
    const n = kg.node(id);
    if (hiddenByFilters(id)) {
      result.replaceChildren(el('span', { class: 'miss', text: n.label + ' is hidden by the filters; Reset shows everything.' }));
      return;
    }
    result.replaceChildren(el('span', { text: n.label + (how ? ' (' + how + ')' : '') }));
    kg.selectNode(id, true);
  }
  function findEntities(text) {
    const key = norm(text);
    if (!key) return [];
    if (kg.node(text.trim())) return [text.trim()];
    const exact = [...(nameIndex.get(key) || [])];
    const found = exact.length ? exact : kg.data.nodes.filter(n => [n.label].concat(n.aliases || []).some(s => norm(s).includes(key))).map(n => n.id);
    return found.sort((a, b) => kg.label(a).localeCompare(kg.label(b)));
  }
  function search(text) {
    const key = norm(text);
    if (!key) { result.replaceChildren(); return null; }
    const ids = findEntities(text);
    let how = '';
    if (ids.length === 1 && nameIndex.has(key)) {
      const n = kg.node(ids[0]);
      if (norm(n.label) !== key && n.id !== text.trim()) how = 'alias \u201c' + text.trim() + '\u201d';
    }
    if (ids.length === 1) { focusFound(ids[0], how); return ids[0]; }
    if (!ids.length) {
      const close = [...nameIndex.keys()].map(k => [ratio(key, k), k]).filter(x => x[0] >= 0.6)
        .sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? -1 : 1)).slice(0, 5);
      const suggested = [...new Set(close.flatMap(x => [...nameIndex.get(x[1])]))];
      result.replaceChildren(el('span', { class: 'miss', text: 'No entity is named \u201c' + text.trim() + '\u201d.' + (suggested.length ? ' Did you mean:' : '') }),
        ...suggested.map(id => el('button', { type: 'button', text: kg.label(id) + ' \u2014 ' + typeLabel(id), onclick: () => focusFound(id, '') })));
      return null;
    }
    result.replaceChildren(el('span', { text: ids.length + ' entities match:' }),
      ...ids.slice(0, 25).map(id => el('button', { type: 'button', text: kg.label(id) + ' \u2014 ' + typeLabel(id), onclick: () => focusFound(id, '') })),
      ids.length > 25 ? el('span', { text: '\u2026 and ' + (ids.length - 25) + ' more' }) : null);
    return null;
  }
  $('search-form').addEventListener('submit', ev => { ev.preventDefault(); search($('search').value); });
  kg.on('reset', () => { $('search').value = ''; result.replaceChildren(); });

  kg.provide({ findEntities, search });
})();
