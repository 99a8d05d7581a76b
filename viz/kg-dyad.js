/* actor-kg HTML view: how relations between two actors moved, `kg dyad A B --by PERIOD` as Python
 * computed it for every pair on the page (actor_kg/output/page_dyad.py, in kg.data.dyad), drawn in the
 * #dyad-panel as an inline SVG chart (no library). Every bar and point opens its facts in the details
 * panel. Data reaches the page only as textContent and attribute values, never as markup.
 *
 * Provides: kg.openDyad(a, b, by) (open the panel on two entity ids, either may be null), kg.dyad(a, b,
 * by) (the series the chart draws, as fact ids). Registers the URL piece dyad. */
(function () {
  'use strict';

  const kg = window.kg;

  // ---------- the series, as Python computed them (actor_kg/output/page_dyad.py) ----------
  const D = kg.data.dyad;
  const QUADS = D.quads, PERIODS = D.periods, DEFAULT_BY = D.default;
  const own = (obj, key) => (obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);
  const FIELD = Object.fromEntries(D.tally.map((name, i) => [name, i]));
  // A tally row as an object; a direction's row goes on with its bars' segments (QuadClass, then no
  // CAMEO code; each exactly dated, then bounded).
  function tally(row) {
    return {
      events: row[FIELD.events], scored: row[FIELD.scored], goldstein_sum: row[FIELD.goldstein_sum], goldstein_mean: row[FIELD.goldstein_mean],
      quad: Object.fromEntries(QUADS.map(q => [q, row[FIELD[q]]])), bounded: row[FIELD.bounded], segments: row.slice(D.tally.length),
    };
  }
  // The pair's data, read the other way round when Python kept only b -> a (page_dyad's mirror).
  function pair(a, b) {
    const direct = own(own(D.pairs, a), b);
    if (direct) return { data: direct, flip: false };
    const other = own(own(D.pairs, b), a);
    return other ? { data: other, flip: true } : null;
  }
  // The series of a and b by period `by`: each period's events both ways (fact ids, in time order)
  // with their tallies; the events the chart cannot place; the sides' sizes.
  function series(a, b, by) {
    const found = pair(a, b), sides = [a, b].map(x => own(D.members, x) || 0);
    if (!found) return { a, b, by, periods: [], undated: [], unplaced: [], apart: [], total: 0, bounded: 0, sides };
    const d = found.data, ab = found.flip ? d.ba : d.ab, ba = found.flip ? d.ab : d.ba;
    let i = 0, j = 0;
    const periods = d[by].map(([period, every, forth, back]) => {
      const [x, y] = found.flip ? [back, forth] : [forth, back];
      const p = { period, all: tally(every), a_to_b: ab.slice(i, i + x[0]), b_to_a: ba.slice(j, j + y[0]), ab: tally(x), ba: tally(y) };
      i += x[0]; j += y[0];
      return p;
    });
    return { a, b, by, periods, undated: d.undated, unplaced: d.unplaced, apart: d.apart.map(tally), total: ab.length + ba.length, bounded: d.bounded, sides };
  }

  // The series as the chart draws it (fact ids), for tests and other scripts.
  const dyadApi = (a, b, by) => {
    const d = series(a, b, PERIODS.includes(by) ? by : DEFAULT_BY);
    return {
      a: a, b: b, by: d.by, undated: d.undated.slice(), unplaced: d.unplaced.slice(),
      periods: d.periods.map(p => ({ period: p.period, a_to_b: p.a_to_b, b_to_a: p.b_to_a, goldstein_sum: p.all.goldstein_sum,
        goldstein_mean: p.all.goldstein_mean, quad: p.all.quad, bounded: p.all.bounded })),
    };
  };

  // ---------- words ----------
  const el = kg.el;
  const fmt = x => (x > 0 ? '+' : x < 0 ? '\u2212' : '\u00b1') + Math.abs(x).toFixed(1);
  const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
  // A tally in words: "5 events · Goldstein sum −3.4, mean −0.7 over 5 scored · 2 verbal conflict · 1 bounded".
  function statsText(t) {
    const quads = QUADS.filter(q => t.quad[q]).map(q => t.quad[q] + ' ' + q);
    return [plural(t.events, 'event'),
      t.scored ? 'Goldstein sum ' + fmt(t.goldstein_sum) + ', mean ' + fmt(t.goldstein_mean) + ' over ' + t.scored + ' scored' : 'no Goldstein score',
      quads.join(', '), t.bounded ? t.bounded + ' bounded (placed at their date\u2019s known bound)' : ''].filter(Boolean).join(' \u00b7 ');
  }
  // Open events (fact ids) with their tally in the details panel.
  function openFacts(title, ids, t, note) {
    kg.showFacts(title, ids.map(kg.fact), el('p', { class: 'dyad-intro' }, [statsText(t), note ? el('br') : null, note || null]));
  }

  // ---------- the chart ----------
  const QUAD_COLORS = { 'verbal cooperation': '#91cf60', 'material cooperation': '#1a9850', 'verbal conflict': '#fc8d59', 'material conflict': '#d73027', none: '#a8a8a8' };
  const STACK = QUADS.concat('none'); // from the axis outwards, as page_dyad.SEGMENTS
  const svg = kg.svg;
  function text(x, y, s, attrs) { return svg('text', Object.assign({ x: x, y: y, text: s }, attrs)); }
  // A focusable, clickable part of the chart (a bar, a point, a period's label), with its hover text.
  // The one whose facts the details panel shows is marked, by its text, so that a redraw keeps the mark.
  let shown = null;
  function mark(tip) {
    shown = tip;
    for (const g of panel.querySelectorAll('svg g.hit')) g.classList.toggle('on', g.getAttribute('aria-label') === tip);
  }
  function target(tip, onActivate, children) {
    const g = svg('g', { class: shown === tip ? 'hit on' : 'hit', tabindex: '0', role: 'button', 'aria-label': tip }, [svg('title'), ...children]);
    g.firstChild.textContent = tip;
    const activate = () => { mark(tip); onActivate(); };
    g.addEventListener('click', activate);
    g.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); activate(); } });
    return g;
  }
  // Round tick steps (1, 2, 5 × 10^k) giving at most `n` intervals over `span`.
  function tickStep(span, n) {
    const raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw);
  }
  // Consecutive periods (as actor_kg.analysis.dyad.period_of names them) have consecutive indexes:
  // a gap between two drawn periods has no events, which the line shows dashed.
  function periodIndex(name, by) {
    const y = +name.slice(0, 4);
    return by === 'year' ? y : by === 'quarter' ? y * 4 + +name.slice(6) : y * 12 + +name.slice(5, 7);
  }

  function drawChart(d, W) {
    const la = kg.label(d.a), lb = kg.label(d.b), n = d.periods.length;
    const ML = 58, MR = 28, GT = 30, GH = 96, ET = GT + GH + 44, EH = 176, H = ET + EH + 30;
    const colW = (W - ML - MR) / n, cx = i => ML + colW * (i + 0.5);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'dyad-chart', role: 'group', 'aria-label': la + ' \u2194 ' + lb + ' by ' + d.by });
    root.append(svg('defs', {}, svg('pattern', { id: 'kg-dyad-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 3, height: 6, fill: '#ffffff', 'fill-opacity': 0.65 }))));

    // Goldstein sum per period: a line over the columns, dashed across periods with no events.
    const sums = d.periods.map(p => p.all.goldstein_sum);
    const gStep = tickStep(Math.max(1, Math.max(0, ...sums) - Math.min(0, ...sums)), 4);
    const gHi = Math.ceil(Math.max(0, ...sums) / gStep) * gStep || gStep, gLo = Math.floor(Math.min(0, ...sums) / gStep) * gStep;
    const gy = v => GT + GH * (gHi - v) / (gHi - gLo);
    root.append(text(ML, GT - 14, 'Goldstein sum per ' + d.by, { class: 'caption' }));
    for (let v = gLo; v <= gHi + 1e-9; v += gStep) {
      root.append(svg('line', { x1: ML, x2: W - MR, y1: gy(v), y2: gy(v), class: v === 0 ? 'zero' : 'grid' }), text(ML - 6, gy(v) + 4, (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v), { class: 'tick', 'text-anchor': 'end' }));
    }
    for (let i = 1; i < n; i++) {
      const gap = periodIndex(d.periods[i].period, d.by) - periodIndex(d.periods[i - 1].period, d.by) > 1;
      root.append(svg('line', { x1: cx(i - 1), y1: gy(sums[i - 1]), x2: cx(i), y2: gy(sums[i]), class: gap ? 'gline gap' : 'gline' }));
    }
    d.periods.forEach((p, i) => {
      const v = sums[i], above = v >= 0;
      const tip = p.period + ': Goldstein sum ' + fmt(v) + (p.all.goldstein_mean === null ? ', no event scored' : ', mean ' + fmt(p.all.goldstein_mean)) + ' \u2014 all ' + (p.a_to_b.length + p.b_to_a.length) + ' events of the ' + d.by;
      root.append(target(tip, () => openPeriod(d, p), [
        svg('circle', { cx: cx(i), cy: gy(v), r: 11, class: 'pad' }), // easier to hit than the dot
        svg('circle', { cx: cx(i), cy: gy(v), r: 5.5, class: 'gdot ' + (v > 0 ? 'pos' : v < 0 ? 'neg' : 'nil') }),
      ]));
      if (colW >= 36) root.append(text(cx(i), gy(v) + (above ? -10 : 19), fmt(v), { class: 'value', 'text-anchor': 'middle' }));
    });

    // Events each way: A → B above the axis, B → A below, on one scale; stacked by QuadClass, the
    // bounded part of each hatched.
    const up = d.periods.map(p => p.a_to_b.length), down = d.periods.map(p => p.b_to_a.length);
    const maxUp = Math.max(1, ...up), maxDown = Math.max(1, ...down), room = 16; // room for the count labels
    const k = (EH - 2 * room) / (maxUp + maxDown), axis = ET + room + maxUp * k;
    root.append(text(ML, ET - 14, 'Events per ' + d.by + ', each way', { class: 'caption' }));
    const eStep = Math.max(1, tickStep(Math.max(maxUp, maxDown), 3));
    for (let v = eStep; v <= maxUp; v += eStep) root.append(svg('line', { x1: ML, x2: W - MR, y1: axis - v * k, y2: axis - v * k, class: 'grid' }), text(ML - 6, axis - v * k + 4, String(v), { class: 'tick', 'text-anchor': 'end' }));
    for (let v = eStep; v <= maxDown; v += eStep) root.append(svg('line', { x1: ML, x2: W - MR, y1: axis + v * k, y2: axis + v * k, class: 'grid' }), text(ML - 6, axis + v * k + 4, String(v), { class: 'tick', 'text-anchor': 'end' }));
    root.append(text(ML - 6, axis + 4, '0', { class: 'tick', 'text-anchor': 'end' }));
    const barW = Math.max(6, Math.min(46, colW * 0.55));
    function bar(i, facts, t, sign, from, to) {
      // a pad at least 12 px tall under the segments, so that a bar of one event is easy to hit
      const pad = Math.max(12, facts.length * k);
      const parts = [svg('rect', { x: cx(i) - barW / 2, y: sign > 0 ? axis - pad : axis, width: barW, height: pad, class: 'pad' })];
      let y = axis;
      t.segments.forEach((m, s) => {
        const q = STACK[s >> 1], bounded = s % 2 === 1;
        if (!m) return;
        const h = m * k, top = sign > 0 ? y - h : y;
        parts.push(svg('rect', { x: cx(i) - barW / 2, y: top, width: barW, height: h, fill: QUAD_COLORS[q], class: 'seg' }));
        if (bounded) parts.push(svg('rect', { x: cx(i) - barW / 2, y: top, width: barW, height: h, fill: 'url(#kg-dyad-hatch)', class: 'seg' }));
        y += sign * -h;
      });
      const title = d.periods[i].period + ': ' + from + ' \u2192 ' + to;
      root.append(target(title + ' \u2014 ' + statsText(t), () => openFacts(title, facts, t, null), parts));
      if (colW >= 18) root.append(text(cx(i), sign > 0 ? y - 4 : y + 13, String(facts.length), { class: 'value', 'text-anchor': 'middle' }));
    }
    d.periods.forEach((p, i) => {
      if (p.a_to_b.length) bar(i, p.a_to_b, p.ab, 1, la, lb);
      if (p.b_to_a.length) bar(i, p.b_to_a, p.ba, -1, lb, la);
    });
    root.append(svg('line', { x1: ML, x2: W - MR, y1: axis, y2: axis, class: 'axis' }));

    // Period labels, thinned when the columns are narrower than a label; each opens its period.
    const every = Math.ceil((8 * d.periods[0].period.length + 10) / colW);
    d.periods.forEach((p, i) => {
      if (i % every) return;
      root.append(target(p.period + ' \u2014 all ' + (p.a_to_b.length + p.b_to_a.length) + ' events of the ' + d.by, () => openPeriod(d, p),
        [text(cx(i), ET + EH + 20, p.period, { class: 'period', 'text-anchor': 'middle' })]));
    });
    return root;
  }
  function openPeriod(d, p) {
    openFacts(p.period + ': ' + kg.label(d.a) + ' \u2194 ' + kg.label(d.b), p.a_to_b.concat(p.b_to_a), p.all,
      p.a_to_b.length + ' ' + kg.label(d.a) + ' \u2192 ' + kg.label(d.b) + ' first, then ' + p.b_to_a.length + ' ' + kg.label(d.b) + ' \u2192 ' + kg.label(d.a) + '.');
  }

  // ---------- the panel ----------
  const panel = document.getElementById('dyad-panel');
  let current = { a: null, b: null, by: DEFAULT_BY }, built = null, drawn = null;

  // The legend, in HTML so that it wraps: which way the bars go, their colours, the line.
  function legend(la, lb) {
    const item = (cls, color, words) => el('span', { class: 'item' }, [el('span', { class: 'sw ' + cls, style: color ? { background: color } : null }), words]);
    return [
      el('span', { class: 'item way', text: '\u25b2 ' + la + ' \u2192 ' + lb + ' above the line' }),
      el('span', { class: 'item way', text: '\u25bc ' + lb + ' \u2192 ' + la + ' below' }),
      ...QUADS.map(q => item('', QUAD_COLORS[q], q)), item('', QUAD_COLORS.none, 'no CAMEO code'),
      item('hatched', null, 'bounded date (placed at its known bound)'),
      item('line', null, 'Goldstein sum (each event \u221210 conflict \u2026 +10 cooperation; dashed across periods with no events)'),
    ];
  }
  // The panel's fixed parts, built on first opening: header with the inputs, message, summary, legend, chart, notes.
  function build() {
    const names = new Set();
    for (const n of kg.data.nodes) for (const name of [n.label].concat(n.aliases || [])) names.add(name);
    const list = el('datalist', { id: 'dyad-names' }, [...names].sort().map(name => el('option', { value: name })));
    const input = (side, words) => el('input', { type: 'text', list: 'dyad-names', name: side, 'aria-label': words, placeholder: 'name or alias', autocomplete: 'off' });
    const b = {
      title: el('h2', { class: 'dyad-title' }),
      a: input('a', 'first actor'), b: input('b', 'second actor'),
      by: el('select', { 'aria-label': 'period' }, PERIODS.map(p => el('option', { value: p, text: 'by ' + p }))),
      message: el('div', { class: 'dyad-message', 'aria-live': 'polite' }),
      summary: el('p', { class: 'dyad-summary' }), legend: el('div', { class: 'dyad-legend' }), chart: el('div', { class: 'dyad-chart-box' }), notes: el('p', { class: 'dyad-notes' }),
    };
    const form = el('form', { class: 'dyad-form', onsubmit: ev => { ev.preventDefault(); choose(); } },
      [b.a, el('span', { text: '\u2194' }), b.b, b.by, el('button', { type: 'submit', text: 'Draw' }), list]);
    b.by.addEventListener('change', () => choose());
    const close = el('button', { type: 'button', class: 'close', title: 'close', 'aria-label': 'close the dyad chart', text: '\u00d7', onclick: () => { hide(); kg.state.save(); } });
    panel.append(el('header', {}, [b.title, form]), close, b.message, b.summary, b.legend, b.chart, b.notes);
    // redraw at the new width when the panel resizes (the details panel opening beside it, the window)
    new ResizeObserver(() => { if (drawn && Math.abs(b.chart.clientWidth - drawn.width) > 2) draw(); }).observe(b.chart);
    return b;
  }
  // The entity a box names: the one it already stands for, else the page's search. Null (with a message) when unknown or ambiguous.
  function resolve(box, id, problems) {
    const typed = box.value.trim();
    if (!typed) return null;
    if (id && typed === kg.label(id)) return id;
    const ids = kg.findEntities(typed);
    if (ids.length === 1) return ids[0];
    if (!ids.length) problems.push([el('span', { text: 'No entity is named \u201c' + typed + '\u201d in this page.' })]);
    else problems.push([el('span', { text: '\u201c' + typed + '\u201d names ' + ids.length + ' entities; choose one:' }),
      ...ids.slice(0, 12).map(x => el('button', { type: 'button', text: kg.label(x) + ' \u2014 ' + ((own(kg.meta.types, kg.node(x).type) || {}).label || kg.node(x).type),
        onclick: () => { box.value = kg.label(x); choose(); } }))]);
    return null;
  }
  // The boxes as typed: a name that resolves is shown as its label; one that does not stays as typed, with
  // its message, and its side keeps the actor it had.
  function choose() {
    const problems = [], chosen = {};
    for (const side of ['a', 'b']) {
      const id = resolve(built[side], current[side], problems);
      if (id) built[side].value = kg.label(id);
      chosen[side] = id || (built[side].value.trim() ? current[side] : null);
    }
    show(chosen.a, chosen.b, built.by.value, problems);
    kg.state.save();
  }
  // Show the chart of a and b (ids, or null); `problems` (message parts) come from the boxes, whose text
  // is then left as typed; from outside (API, URL) the boxes show the chosen labels.
  function show(a, b, by, problems) {
    built = built || build();
    current = { a: a && kg.node(a) ? a : null, b: b && kg.node(b) ? b : null, by: PERIODS.includes(by) ? by : DEFAULT_BY };
    panel.hidden = false;
    if (!problems) for (const side of ['a', 'b']) built[side].value = current[side] ? kg.label(current[side]) : '';
    built.by.value = current.by;
    const missing = [a, b].filter(x => x && !kg.node(x)).map(x => [el('span', { text: 'No entity \u201c' + x + '\u201d in this page.' })]);
    built.message.replaceChildren(...(problems || []).concat(missing).map(parts => el('div', {}, parts)));
    draw();
  }
  function hide() { panel.hidden = true; drawn = null; }

  const side = (id, members) => kg.label(id) + (members ? ' with ' + plural(members, 'member') : ' alone');
  function draw() {
    const { a, b, by } = current;
    built.title.textContent = (a ? kg.label(a) : 'A') + ' \u2194 ' + (b ? kg.label(b) : 'B');
    if (!a || !b) {
      drawn = null;
      built.summary.textContent = 'Choose two actors: type a name or alias in each box, then Draw.';
      built.legend.replaceChildren(); built.chart.replaceChildren(); built.notes.replaceChildren();
      return;
    }
    const d = series(a, b, by), total = d.total, bounded = d.bounded;
    built.summary.textContent = total + ' dated events by ' + by + ' (each statement counts)' + (bounded ? ', ' + bounded + ' of them bounded: hatched, placed at their date\u2019s known bound' : '') + '.';
    built.legend.replaceChildren(...(d.periods.length ? legend(kg.label(a), kg.label(b)) : []));
    built.chart.replaceChildren(d.periods.length ? drawChart(d, Math.max(300, built.chart.clientWidth)) : el('p', { class: 'dyad-empty', text: 'No dated events between them.' }));
    drawn = { width: built.chart.clientWidth };
    // not placed on the chart, in words, each list a link
    const apart = (facts, t, words, note) => (facts.length ? el('button', { type: 'button', class: 'link', text: facts.length + ' ' + words,
      onclick: () => { mark(null); openFacts(kg.label(a) + ' \u2194 ' + kg.label(b) + ': ' + words, facts, t, note); } }) : facts.length + ' ' + words);
    built.notes.replaceChildren('Not on the chart: ', apart(d.undated, d.apart[0], 'undated', 'Undated events cannot be placed in a period.'), ', ',
      apart(d.unplaced, d.apart[1], 'dated only by their article\u2019s publication', 'Bounded only by the publication date (a state \u201cas of writing\u201d, or an act reported without a date): placed there they would make a spike of what the text never dates.'),
      '. Sides: ' + side(a, d.sides[0]) + ', ' + side(b, d.sides[1]) + ' (leaders, agencies, officials that belong to it). Events: facts from one side to the other with a CAMEO code or a polarity, not negated, not only proposed or denied; as kg dyad computes them over the facts this page carries.');
  }

  // Open the panel on two entity ids (either may be null: the inputs stay empty) by month, quarter or year.
  function openDyad(a, b, by) {
    show(a || null, b || null, by || DEFAULT_BY);
    if (!current.a) built.a.focus();
    kg.state.save();
  }
  kg.provide({ openDyad, dyad: dyadApi });
  // URL state "a,b,by"; null closes the panel.
  kg.state.register('dyad', {
    get: () => (panel.hidden ? null : [current.a || '', current.b || '', current.by].join(',')),
    set: value => {
      if (value === null) { hide(); return; }
      const [a, b, by] = value.split(',');
      show(a || null, b || null, by);
    },
  });
  // The toolbar button opens the pair last chosen, else starts from the selected entity, else empty boxes.
  let selectedNode = null;
  kg.on('select', s => { selectedNode = s && s.kind === 'node' ? s.id : null; mark(null); }); // the details panel shows something else
  kg.toolbar(el('button', { type: 'button', text: 'Dyad', title: 'relations over time between two actors, as kg dyad', onclick: () => {
    if (panel.hidden) openDyad(current.a || selectedNode, current.b, current.by);
    else { hide(); kg.state.save(); }
  } }));
})();
