/* actor-kg HTML view: the view's state in the URL fragment (#key=value&...), so that a link to the file
 * reopens the same view. Each module registers how to read and set its piece; this one writes them
 * all to the fragment and reads them back.
 *
 * Provides: kg.state.register(key, {get, set}, late) (a `late` piece is set after the others: the
 * viewport, once what is drawn and selected is back), kg.state.save(), kg.state.load(), and
 * kg.saveState() (save soon: changes in a burst are written once). Nothing is saved before the page
 * is ready (kg.ready) nor while the fragment is being read. */
(function () {
  'use strict';
  const kg = window.kg;
  const parts = new Map(), late = new Map();
  let loading = false, timer = null;

  function save() {
    clearTimeout(timer);
    const q = new URLSearchParams();
    for (const [key, part] of [...parts, ...late]) { const v = part.get(); if (v !== null && v !== undefined && v !== '') q.set(key, v); }
    const hash = q.toString();
    if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function load() {
    const q = new URLSearchParams(location.hash.slice(1));
    loading = true;
    try { for (const [key, part] of [...parts, ...late]) part.set(q.has(key) ? q.get(key) : null); } finally { loading = false; }
  }
  function saveSoon() {
    if (loading || !kg.ready) return;
    clearTimeout(timer);
    timer = setTimeout(save, 120);
  }
  window.addEventListener('hashchange', () => { if (kg.ready) load(); });

  kg.provide({
    state: Object.freeze({ register(key, part, isLate) { (isLate ? late : parts).set(key, part); }, save, load }),
    saveState: saveSoon,
  });
})();
