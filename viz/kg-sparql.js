/* actor-kg SPARQL panel: the named queries as forms, and free SPARQL, answered in the page by Oxigraph
 * compiled to WebAssembly, over the build's quads. actor_kg/output/page_sparql.py embeds both (gzip'd,
 * base64'd, in #kg-oxigraph-wasm and #kg-sparql-quads) and inlines Oxigraph's web.js as a module
 * script, which runs after this one and hands over {initSync, Store} as window.kgOxigraph.
 * Queries run as `kg query` runs them (actor_kg/sparql/engine.py): the project's prefixes prepended,
 * parameters bound as a VALUES block opening the WHERE group, the default graph the union of all graphs.
 * Data reaches the page as text only (kg.el, textContent). */
(function () {
  'use strict';

  const kg = window.kg;
  const el = kg.el;
  const S = kg.meta.sparql || { available: false, reason: 'the page carries no SPARQL data' };
  const QUERIES = new Map((S.queries || []).map(q => [q.name, q]));
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const PROLOGUE_LINES = S.available ? S.prologue.split('\n').length - 1 : 0;
  const SHOWN_ROWS = 1000; // rows drawn in the table; the API returns them all
  const fmt = n => Number(n).toLocaleString('en');
  const ms = t => Math.round(t).toLocaleString('en') + ' ms';

  // ---------- the engine, loaded when first needed ----------
  // Oxigraph's module script runs after the page's classic scripts: wait for it.
  const oxigraph = () => window.kgOxigraph ? Promise.resolve(window.kgOxigraph)
    : new Promise(resolve => window.addEventListener('kg-oxigraph', () => resolve(window.kgOxigraph), { once: true }));

  // The bytes of a data block: base64 of gzip, decompressed by the browser (no fetch: the CSP allows none).
  async function unpack(id) {
    const text = document.getElementById(id).textContent;
    const bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), c => c.charCodeAt(0));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }

  let engine = null; // {ox, store, probe} once loaded
  let loading = null;
  const timing = {};
  function load() {
    if (!loading) {
      loading = start();
      loading.catch(() => {}); // the failure is shown in the panel; whoever awaits it gets it too
    }
    return loading;
  }
  async function start() {
    if (!S.available) throw new Error('SPARQL is not available on this page: ' + S.reason + '.');
    const t0 = performance.now();
    status('Loading the SPARQL engine\u2026');
    try {
      const [ox, wasm] = await Promise.all([oxigraph(), unpack(S.blocks.wasm)]);
      // compiled asynchronously: Chrome refuses to compile a large module synchronously on the main thread
      ox.initSync({ module: await WebAssembly.compile(wasm) });
      timing.engine = performance.now() - t0;
      status('Loading ' + fmt(S.quads) + ' quads\u2026');
      const quads = new Uint8Array(await unpack(S.blocks.quads));
      const store = new ox.Store();
      // lenient: skips re-validating IRIs and literals the build wrote (from terms Oxigraph checked): 2-3× faster
      store.load(quads, { format: 'application/n-quads', lenient: true });
      // an empty store tells a query's form and variables without evaluating it over the data
      engine = { ox, store, probe: new ox.Store() };
      timing.store = performance.now() - t0 - timing.engine;
      timing.total = performance.now() - t0;
      status(fmt(store.size) + ' quads loaded in ' + ms(timing.total) + ' (engine ' + ms(timing.engine) + ', data ' + ms(timing.store) + ').');
      return { quads: store.size, ms: timing.total };
    } catch (e) {
      status('SPARQL could not be loaded: ' + (e && e.message || e), true);
      throw e;
    }
  }

  // ---------- binding parameters, as actor_kg.sparql.library.bind and engine.bind_as_values ----------
  const nt = {
    iri: v => '<' + v + '>',
    literal: (v, datatype) => '"' + v.replace(/[\\"\n\r\t]/g, c => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]) + '"' + (datatype ? '^^<' + datatype + '>' : ''),
  };
  // A relation, source or type by id or (in any case) by label, as Project._id_of takes it.
  function choice(p, raw) {
    const options = (S.choices || {})[p.kind] || [];
    const hit = options.find(o => o[0] === raw) || options.find(o => o[1].toLowerCase() === raw.toLowerCase());
    if (!hit) throw new Error('\u201c' + p.name + '\u201d: no ' + p.kind + ' here is called \u201c' + raw + '\u201d.');
    return hit[0];
  }
  // YYYY, YYYY-MM or YYYY-MM-DD as its first day (a `date`) or its last (an `end-date`), as library.bind does.
  function day(p, raw) {
    const found = kg.dayOf(raw, p.kind === 'end-date');
    if (!found) throw new Error('\u201c' + p.name + '\u201d: \u201c' + raw + '\u201d is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.');
    return found;
  }
  function term(p, raw) {
    const field = '\u201c' + p.name + '\u201d';
    switch (p.kind) {
      case 'entity': {
        const ids = kg.findEntities(raw);
        if (ids.length === 1) return nt.iri(S.entity_ns + ids[0]);
        if (!ids.length) throw new Error(field + ': no entity on this page is named \u201c' + raw + '\u201d.');
        throw new Error(field + ': \u201c' + raw + '\u201d may be ' + ids.slice(0, 5).map(kg.label).join(', ') +
          (ids.length > 5 ? ' and ' + (ids.length - 5) + ' more' : '') + '; give the full name.');
      }
      case 'relation': return nt.iri(S.prefixes.kg + choice(p, raw));
      case 'source': return nt.iri(S.prefixes.src + choice(p, raw));
      case 'type': return nt.literal(choice(p, raw));
      case 'date': case 'end-date': return nt.literal(day(p, raw), XSD + 'date');
      case 'integer':
        if (!/^-?\d+$/.test(raw)) throw new Error(field + ': \u201c' + raw + '\u201d is not a whole number.');
        return nt.literal(BigInt(raw).toString(), XSD + 'integer');
      default: return nt.literal(raw);
    }
  }
  // NAME → typed value, for the query's declared parameters; [[name, term]] for those given.
  function bind(q, values) {
    const declared = new Set(q.params.map(p => p.name));
    const unknown = Object.keys(values).filter(k => !declared.has(k));
    if (unknown.length) {
      throw new Error('unknown parameter ' + unknown.join(', ') + ' for query ' + q.name + '; it takes: ' +
        (q.params.map(p => p.name + ' (' + p.kind + ')').join(', ') || 'none') + '.');
    }
    const out = [];
    for (const p of q.params) {
      const raw = String(values[p.name] == null ? '' : values[p.name]).trim();
      if (raw) out.push([p.name, term(p, raw)]);
      else if (!p.optional) throw new Error('\u201c' + p.name + '\u201d needs a value: ' + (p.doc || p.kind) + '.');
    }
    return out;
  }
  // The braces outside strings, IRIs and comments (engine._TOKENS).
  const TOKENS = /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[{}]/g;
  function bindAsValues(text, bindings) {
    if (!bindings.length) return text;
    const braces = [...text.matchAll(TOKENS)].filter(m => m[0] === '{' || m[0] === '}').map(m => [m.index, m[0]]);
    if (!braces.length) throw new Error('the query has no WHERE group to bind parameters in.');
    let where = braces[0][0];
    if (/\bCONSTRUCT\s*$/i.test(text.slice(0, where).replace(/#[^\n]*/g, ''))) {
      let depth = 0; // skip the CONSTRUCT template to the WHERE group
      for (let n = 0; n < braces.length; n++) {
        depth += braces[n][1] === '{' ? 1 : -1;
        if (depth === 0) { where = braces[n + 1][0]; break; }
      }
    }
    const names = bindings.map(b => '?' + b[0]).join(' ');
    const values = bindings.map(b => b[1]).join(' ');
    return text.slice(0, where + 1) + ' VALUES (' + names + ') { (' + values + ') }' + text.slice(where + 1);
  }

  // ---------- running ----------
  const plain = t => ({
    nt: t.toString(), type: t.termType, value: t.value,
    datatype: t.termType === 'Literal' ? t.datatype.value : '', lang: t.termType === 'Literal' ? t.language : '',
  });
  // A parser's complaint in the user's own lines (the prologue is not theirs), with a caret under the place.
  function explain(e, text) {
    const message = String(e && e.message || e);
    const m = /^error at (\d+):(\d+): ([\s\S]*)$/.exec(message);
    if (!m) return message;
    try {
      new engine.ox.Store().update(S.prologue + text); // parses as an update (on a throwaway store)?
      return 'this is a SPARQL update; the page runs SELECT, ASK, CONSTRUCT and DESCRIBE only.';
    } catch (_) { /* not an update either: a syntax error */ }
    // a misspelt query form: the parser stumbles later, so name it here, as engine.syntax_message does
    const form = /^(?:\s|#[^\n]*\n|(?:PREFIX|BASE)\b[^\n]*)*([A-Za-z]+)/i.exec(text);
    if (form && !/^(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)$/i.test(form[1])) {
      return 'syntax error: \u201c' + form[1] + '\u201d is not a SPARQL keyword; a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE.';
    }
    const line = +m[1] - PROLOGUE_LINES, column = +m[2];
    const here = text.split('\n')[line - 1];
    if (here === undefined) return 'syntax error: ' + m[3];
    return 'syntax error at line ' + line + ', column ' + column + ': ' + m[3] + '\n  ' + here + '\n  ' + ' '.repeat(Math.max(0, column - 1)) + '^';
  }
  // {form: 'select'|'ask'|'graph', vars, rows (terms as {nt, type, value, datatype, lang} or null), boolean, ms}
  async function execute(text) {
    await load();
    const full = S.prologue + text;
    let head;
    try { head = JSON.parse(engine.probe.query(full, { results_format: 'json' })); }
    catch (e) { throw new Error(explain(e, text)); }
    const t0 = performance.now();
    const result = engine.store.query(full, { use_default_graph_as_union: true });
    let out;
    if (typeof result === 'boolean') out = { form: 'ask', vars: [], rows: [], boolean: result };
    else if (Array.isArray(head)) { // JSON-LD: a CONSTRUCT or DESCRIBE. A graph is a set: a triple of several graphs once
      const triples = new Map(result.map(q => [q.subject, q.predicate, q.object].map(plain)).map(t => [t.map(x => x.nt).join(' '), t]));
      out = { form: 'graph', vars: ['subject', 'predicate', 'object'], rows: [...triples.values()] };
    } else {
      const vars = head.head.vars;
      out = { form: 'select', vars, rows: result.map(b => vars.map(v => (b.has(v) ? plain(b.get(v)) : null))) };
    }
    out.ms = performance.now() - t0;
    return out;
  }
  async function runNamed(name, values) {
    await load(); // first: on a page without SPARQL, that is the answer
    const q = QUERIES.get(name);
    if (!q) throw new Error('no query named \u201c' + name + '\u201d on this page.');
    return execute(bindAsValues(q.text, bind(q, values || {})));
  }
  // For scripts and tests: terms in N-Triples form (as pyoxigraph's str() writes them), null when unbound.
  const api = res => ({ form: res.form, vars: res.vars, rows: res.rows.map(r => r.map(t => (t ? t.nt : null))), boolean: res.boolean, ms: res.ms });
  kg.provide({
    sparql: Object.freeze({
      get ready() { return load(); }, // reading it starts loading
      run: (name, params) => runNamed(name, params).then(api),
      runText: text => execute(text).then(api),
      timing,
    }),
  });

  // ---------- the panel ----------
  const panel = document.getElementById('query-panel');
  const toggle = el('button', { type: 'button', id: 'sparql-toggle', 'aria-controls': 'query-panel', 'aria-pressed': 'false', text: 'SPARQL',
    title: 'query the graph with SPARQL, as kg query', onclick: () => { if (panel.hidden) open(); else close(); kg.state.save(); } });
  kg.toolbar(toggle);
  let built = false, ran = false, picked = null, current = '';
  const ui = {};

  let lastStatus = ['', false]; // shown once the panel is built, if loading began before
  function status(text, bad) {
    lastStatus = [text, !!bad];
    if (!ui.status) return;
    ui.status.textContent = text;
    ui.status.classList.toggle('bad', !!bad);
  }
  function scopeText() {
    if (!S.available) return '';
    return S.whole ? 'The page\u2019s SPARQL holds the whole build: ' + fmt(S.facts) + ' facts, ' + fmt(S.quads) + ' quads.'
      : 'This page\u2019s SPARQL covers the ' + fmt(S.facts) + ' facts drawn here, not the whole build of ' + fmt(S.build_facts) +
        ' (more than ' + fmt(S.max_quads) + ' quads); use kg query for the rest.';
  }

  function build() {
    built = true;
    const names = new Set(kg.data.nodes.flatMap(n => [n.label].concat(n.aliases || [])));
    const select = el('select', { class: 'qp-query', 'aria-label': 'Query', onchange: () => pick(select.value, true) },
      [el('option', { value: '', text: 'Free SPARQL (write your own)' })].concat(
        [...QUERIES.values()].sort((a, b) => a.title.localeCompare(b.title)).map(q => el('option', { value: q.name, text: q.title }))));
    Object.assign(ui, {
      select,
      status: el('span', { class: 'qp-status', role: 'status' }),
      desc: el('p', { class: 'qp-desc' }),
      params: el('div', { class: 'qp-params' }),
      text: el('textarea', { class: 'qp-text', rows: '10', spellcheck: 'false', 'aria-label': 'SPARQL query' }),
      prefixes: el('p', { class: 'hint', text: 'Prefixes ' + Object.keys(S.prefixes || {}).join(': ') + ': are declared for you.' }),
      message: el('pre', { class: 'qp-message', role: 'alert' }),
      summary: el('p', { class: 'qp-summary', 'aria-live': 'polite' }),
      table: el('div', { class: 'qp-table' }),
    });
    ui.edit = el('button', { type: 'button', class: 'qp-edit', text: 'Edit as SPARQL', onclick: () => pick('', true) });
    const form = el('form', { class: 'qp-form', onsubmit: ev => { ev.preventDefault(); runForm(true); } }, [
      el('label', { class: 'qp-pick' }, ['Query ', select]), ui.desc, ui.params, ui.text, ui.prefixes,
      el('div', { class: 'row' }, [el('button', { type: 'submit', class: 'qp-run', text: 'Run' }), ui.edit]),
      el('p', { class: 'hint qp-scope', text: scopeText() }),
    ]);
    const grip = el('div', { class: 'qp-grip', title: 'Drag to resize', onpointerdown: resize });
    panel.append(grip,
      el('header', { class: 'qp-head' }, [el('strong', { text: 'SPARQL' }), ui.status,
        el('button', { type: 'button', class: 'qp-close', 'aria-label': 'Close the SPARQL panel', text: '\u00d7', onclick: () => { close(); kg.state.save(); } })]),
      el('div', { class: 'qp-body' }, [form, el('div', { class: 'qp-result' }, [ui.message, ui.summary, ui.table])]),
      el('datalist', { id: 'qp-names' }, [...names].sort((a, b) => a.localeCompare(b)).map(n => el('option', { value: n }))));
    status(...(S.available ? lastStatus : ['SPARQL is not available on this page: ' + S.reason + '.', true]));
    pick(QUERIES.has('actor-facts') ? 'actor-facts' : (QUERIES.keys().next().value || ''), false);
  }

  // The panel's bottom stays above the time bar, whatever its height.
  const timebar = document.getElementById('timebar');
  if (timebar && window.ResizeObserver) {
    new ResizeObserver(() => { panel.style.bottom = (timebar.offsetHeight ? timebar.offsetHeight + 8 : 70) + 'px'; }).observe(timebar);
  }
  // Drag the top edge: the panel keeps its bottom and grows upward.
  function resize(ev) {
    ev.preventDefault();
    const bottom = panel.getBoundingClientRect().bottom, top = panel.parentElement.getBoundingClientRect().top;
    const move = e => { panel.style.height = Math.max(120, Math.min(bottom - top - 10, bottom - e.clientY)) + 'px'; };
    const up = () => { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  function field(p) {
    const id = 'qp-param-' + p.name;
    let input;
    if (p.kind === 'relation' || p.kind === 'source' || p.kind === 'type') {
      input = el('select', { id }, [el('option', { value: '', text: p.optional ? '(any)' : '(choose)' })].concat(
        ((S.choices || {})[p.kind] || []).map(o => el('option', { value: o[0], text: o[1] }))));
    } else {
      const hint = { entity: 'a name or alias', date: 'YYYY, YYYY-MM or YYYY-MM-DD', 'end-date': 'YYYY, YYYY-MM or YYYY-MM-DD', integer: 'a whole number' }[p.kind];
      input = el('input', { id, type: 'text', list: p.kind === 'entity' ? 'qp-names' : null, placeholder: hint || '', autocomplete: 'off' });
    }
    input.dataset.param = p.name;
    return el('div', { class: 'qp-field' }, [
      el('label', { for: id }, [el('span', { class: 'qp-name', text: p.name }), p.optional ? el('span', { class: 'qp-opt', text: ' (optional)' }) : null]),
      input, p.doc ? el('span', { class: 'hint', text: p.doc }) : null]);
  }
  const formValues = () => Object.fromEntries([...ui.params.querySelectorAll('[data-param]')].map(i => [i.dataset.param, i.value.trim()]).filter(kv => kv[1]));

  // Show a named query's form, or ('') free SPARQL, prefilled with the query chosen before (bound when
  // its fields are filled in). `save`: a user's choice, kept in the URL.
  function pick(name, save) {
    const before = QUERIES.get(current);
    const q = QUERIES.get(name);
    if (!q && before) { // the text of the query left, bound if its fields are filled in
      let text = before.text;
      try { text = bindAsValues(before.text, bind(before, formValues())); } catch (_) { /* unfilled: as it is */ }
      ui.text.value = text;
    }
    current = ui.select.value = name;
    ui.params.replaceChildren(...(q ? q.params.map(field) : []));
    ui.desc.textContent = q ? q.description : 'Any SELECT, ASK, CONSTRUCT or DESCRIBE; the default graph is the union of all graphs.';
    ui.text.hidden = ui.prefixes.hidden = !!q;
    ui.edit.hidden = !q;
    ran = false;
    if (save) kg.state.save();
  }

  // `save`: a user's run, kept in the URL (not while the URL is being restored).
  async function runForm(save) {
    const name = ui.select.value;
    ui.message.textContent = '';
    ui.summary.textContent = 'Running\u2026';
    ran = true;
    if (save) kg.state.save();
    try {
      show(name ? await runNamed(name, formValues()) : await execute(ui.text.value));
    } catch (e) {
      ui.summary.textContent = '';
      ui.table.replaceChildren();
      ui.message.textContent = String(e && e.message || e);
    }
  }

  // ---------- results ----------
  const PREFIXES = Object.entries(S.prefixes || {}).sort((a, b) => b[1].length - a[1].length);
  const compact = iri => { const hit = PREFIXES.find(p => iri.startsWith(p[1])); return hit ? hit[0] + ':' + iri.slice(hit[1].length) : iri; };
  const entityOf = t => (t && t.type === 'NamedNode' && t.value.startsWith(S.entity_ns) && kg.node(t.value.slice(S.entity_ns.length)) ? t.value.slice(S.entity_ns.length) : null);
  function link(text, title, go) {
    return el('button', { type: 'button', class: 'link', text, title, onclick: ev => { ev.stopPropagation(); go(); } });
  }
  function cell(t) {
    if (!t) return el('td', { class: 'unbound' });
    if (t.type === 'NamedNode') {
      const id = entityOf(t);
      if (id) return el('td', {}, [link(kg.label(id), t.value, () => kg.selectNode(id, true))]);
      const fact = t.value.startsWith(S.statement_ns) && kg.fact(t.value.slice(S.statement_ns.length)) ? t.value.slice(S.statement_ns.length) : null;
      if (fact) return el('td', {}, [link('fact ' + fact, t.value, () => kg.selectFact(fact, true))]);
      return el('td', { class: 'iri', title: t.value, text: compact(t.value) });
    }
    if (t.type === 'Literal') {
      const kind = t.lang ? '@' + t.lang : (t.datatype === XSD + 'string' ? '' : compact(t.datatype));
      return el('td', { class: 'literal', title: kind || null, text: t.value });
    }
    return el('td', { class: 'other', text: t.nt });
  }
  function show(res) {
    const took = ' in ' + ms(res.ms);
    if (res.form === 'ask') {
      ui.summary.textContent = 'Answer' + took + ':';
      ui.table.replaceChildren(el('p', { class: 'qp-ask', text: res.boolean ? 'yes' : 'no' }));
      return;
    }
    const n = res.rows.length;
    ui.summary.textContent = fmt(n) + (res.form === 'graph' ? ' triple' : ' row') + (n === 1 ? '' : 's') + took +
      (n > SHOWN_ROWS ? '; the first ' + fmt(SHOWN_ROWS) + ' shown' : '') + (n ? '. Click a row to find its entities in the graph.' : '.');
    const body = el('tbody', {}, res.rows.slice(0, SHOWN_ROWS).map(r => {
      const tr = el('tr', {}, r.map(cell));
      tr.addEventListener('click', () => {
        if (picked) picked.classList.remove('picked');
        picked = tr;
        tr.classList.add('picked');
        kg.highlight([...new Set(r.map(entityOf).filter(Boolean))]);
      });
      return tr;
    }));
    ui.table.replaceChildren(el('table', {}, [el('thead', {}, el('tr', {}, res.vars.map(v => el('th', { text: v })))), body]));
  }
  kg.on('select', e => { if (picked && (!e || e.kind !== 'highlight')) { picked.classList.remove('picked'); picked = null; } });

  // ---------- open, close, and the URL fragment ----------
  function open() {
    if (!built) build();
    panel.hidden = false;
    toggle.setAttribute('aria-pressed', 'true');
    load();
  }
  function close() {
    panel.hidden = true;
    toggle.setAttribute('aria-pressed', 'false');
  }
  // "q": the panel, open, as JSON: {q: name, p: {param: value}} or {text}, and r when its answer is shown.
  // set() leaves the panel as it is when it already shows that state (the fragment changed elsewhere).
  function stateNow() {
    if (panel.hidden || !built) return null;
    return JSON.stringify(Object.assign(current ? { q: current, p: formValues() } : { text: ui.text.value }, ran ? { r: 1 } : {}));
  }
  kg.state.register('q', {
    get: stateNow,
    set(value) {
      if (value === stateNow()) return;
      if (value === null) { close(); return; }
      let s;
      try { s = JSON.parse(value); } catch (_) { s = null; }
      if (!s || typeof s !== 'object') { close(); return; } // unreadable (a link cut short): as if absent
      open();
      if (typeof s.text === 'string') { pick('', false); ui.text.value = s.text; }
      else if (QUERIES.has(s.q)) {
        pick(s.q, false);
        for (const i of ui.params.querySelectorAll('[data-param]')) i.value = (s.p && s.p[i.dataset.param]) || '';
      }
      if (s.r) runForm(false);
    },
  });
})();
