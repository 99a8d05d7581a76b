/* actor-kg HTML view: the time bar. A histogram of the facts by month with a two-handled slider over
 * it, typed bounds, and play. A fact is in the window when its date range overlaps it, so a fact dated
 * "2025" spans the year; a range open at one end ("not before 25 December 2024") counts as its known
 * bound; undated facts are left out while a window is set, unless asked for. This is what
 * `kg viz --since/--until` keeps (kg.factVisible, kg-filters.js).
 * The histogram shows how each month's facts are dated: stated, derived from the text, or only bounded,
 * and, as an outline, the facts whose wider range merely covers the month. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el;
  const bar = document.getElementById('timebar');
  const OPEN_START = kg.OPEN_START, OPEN_END = kg.OPEN_END;
  const BASES = [['stated', '#33475b'], ['derived', '#6d8fb3'], ['bounded', '#b7c9dc']];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  const monthIndex = iso => (+iso.slice(0, 4)) * 12 + (+iso.slice(5, 7)) - 1;
  const monthStart = i => String(Math.floor(i / 12)).padStart(4, '0') + '-' + String(i % 12 + 1).padStart(2, '0') + '-01';
  const monthEnd = i => kg.dayOf(monthStart(i).slice(0, 7), true);
  const monthName = i => MONTHS[i % 12] + ' ' + Math.floor(i / 12);
  // A typed bound: YYYY, YYYY-MM or YYYY-MM-DD, as its first day (from) or last day (to); null when empty, undefined when unreadable.
  function bound(text, end) {
    return text.trim() ? kg.dayOf(text, end) || undefined : null;
  }

  const dated = kg.facts.filter(f => f.date_start);
  const undated = kg.facts.length - dated.length;
  const known = dated.flatMap(f => [f.date_start, f.date_end]).filter(d => d !== OPEN_START && d !== OPEN_END);
  if (!known.length) {
    bar.append(el('p', { class: 'hint', text: 'No fact on this page has a date; the time bar has nothing to show.' }));
    return;
  }
  const first = monthIndex(known.reduce((a, b) => (a < b ? a : b))), last = monthIndex(known.reduce((a, b) => (a > b ? a : b)));
  // The axis: each month where a fact's date starts or ends, and the months between two such that are
  // at most GAP apart; a longer empty stretch is one narrow slot, so that decades of quiet before the
  // crash do not squeeze the months the articles are about. A slot spans months [a, b].
  const GAP = 3;
  const marks = [...new Set(known.map(monthIndex))].sort((x, y) => x - y);
  const slots = [];
  marks.forEach((m, k) => {
    if (k && m - marks[k - 1] > GAP) slots.push({ a: marks[k - 1] + 1, b: m - 1, gap: true });
    else if (k) for (let i = marks[k - 1] + 1; i < m; i++) slots.push({ a: i, b: i });
    slots.push({ a: m, b: m });
  });
  const M = slots.length;
  const slotOf = (month, end) => { // the slot holding a month, or the nearest on the side given
    for (let i = 0; i < M; i++) if (month <= slots[i].b) return month >= slots[i].a || !end ? i : Math.max(0, i - 1);
    return M - 1;
  };
  const basisOf = f => (f.date_basis === 'derived' || f.date_basis === 'bounded' ? f.date_basis : 'stated');
  // per slot: the facts dated within one of its months, by basis (a range open at one end, "not
  // before May 2024", is placed at its known bound, as bounded); and the facts whose closed range is
  // wider than a month ("2022", "between December and February") and covers it
  const within = slots.map(() => ({ stated: 0, derived: 0, bounded: 0 }));
  const covering = new Array(M).fill(0);
  for (const f of dated) {
    const openStart = f.date_start === OPEN_START, openEnd = f.date_end === OPEN_END;
    if (openStart || openEnd) {
      if (!(openStart && openEnd)) within[slotOf(monthIndex(openStart ? f.date_end : f.date_start), false)].bounded++;
      continue;
    }
    const s = monthIndex(f.date_start), e = monthIndex(f.date_end);
    if (s === e) within[slotOf(s, false)][basisOf(f)]++;
    else slots.forEach((slot, i) => { if (slot.a <= e && slot.b >= s) covering[i]++; });
  }
  const slotName = slot => (slot.gap ? monthName(slot.a) + ' \u2013 ' + monthName(slot.b) : monthName(slot.a));

  // ---------- the bar ----------
  const play = el('button', { type: 'button', class: 'play', title: 'play: move a window of the same width month by month', 'aria-label': 'play', text: '\u25b6' });
  const fromInput = el('input', { id: 'date-from', type: 'text', size: '10', placeholder: monthStart(first).slice(0, 7), 'aria-label': 'from (YYYY, YYYY-MM or YYYY-MM-DD)' });
  const toInput = el('input', { id: 'date-to', type: 'text', size: '10', placeholder: monthStart(last).slice(0, 7), 'aria-label': 'to (YYYY, YYYY-MM or YYYY-MM-DD)' });
  const undatedBox = el('input', { id: 'undated', type: 'checkbox' });
  const clear = el('button', { type: 'button', text: 'all dates' });
  const summary = el('span', { class: 'summary', 'aria-live': 'polite' });
  const lo = el('input', { type: 'range', min: '0', max: String(M - 1), step: '1', value: '0', 'aria-label': 'window start month' });
  const hi = el('input', { type: 'range', min: '0', max: String(M - 1), step: '1', value: String(M - 1), 'aria-label': 'window end month' });
  const svg = kg.svg('svg', { class: 'histogram', preserveAspectRatio: 'none', viewBox: '0 0 ' + M + ' 100' });
  const shade = [0, 1].map(() => kg.svg('rect', { class: 'outside', y: 0, height: 100 }));
  const top = Math.max(1, ...within.map((w, i) => w.stated + w.derived + w.bounded + covering[i]));
  within.forEach((w, i) => {
    const g = kg.svg('g', {}, kg.svg('title', { text: slotName(slots[i]) + ': ' + BASES.map(([b]) => w[b] + ' ' + b).join(', ') + '; ' + covering[i] + ' more dated by a wider range that covers it' }));
    const column = (y, h, attrs) => kg.svg('rect', Object.assign({ x: i + 0.1, y: y, width: 0.8, height: h }, attrs));
    if (slots[i].gap) g.append(column(0, 100, { class: 'gap' }));
    let y = 100;
    for (const [b, colour] of BASES) {
      const h = 100 * w[b] / top;
      if (!h) continue;
      y -= h;
      g.append(column(y, h, { fill: colour }));
    }
    if (covering[i]) g.append(column(y - 100 * covering[i] / top, 100 * covering[i] / top, { class: 'covering' }));
    svg.append(g);
  });
  svg.append(...shade);
  const ticks = el('div', { class: 'ticks' });
  // a tick where a year begins (or a gap ends), at most about a dozen
  let lastTick = -Infinity;
  slots.forEach((slot, i) => {
    const yearStarts = i === 0 || Math.floor(slot.a / 12) !== Math.floor(slots[i - 1].b / 12);
    if (!yearStarts || i - lastTick < M / 12) return;
    ticks.append(el('span', { text: slot.gap ? '⋯' : monthName(slot.a), style: { left: (100 * (i + 0.5) / M) + '%' } }));
    lastTick = i;
  });
  const legend = el('span', { class: 'legend' }, [
    ...BASES.map(([b, colour]) => el('span', {}, [el('i', { style: { background: colour } }), b])),
    el('span', {}, [el('i', { class: 'covering' }), 'wider range']),
    el('span', {}, [el('i', { class: 'gap' }), 'no dates']),
  ]);
  bar.append(
    el('div', { class: 'row' }, [play, el('label', {}, ['from ', fromInput]), el('label', {}, ['to ', toInput]), clear,
      el('label', { title: 'facts without a date are left out while a window is set; tick to keep them' }, [undatedBox, ' undated facts too (' + undated + ')']),
      summary, legend]),
    el('div', { class: 'slider' }, [svg, lo, hi, ticks]),
  );

  // ---------- the window ----------
  function show(t) { // the controls after the window t = {from, to, undated}
    const a = t.from ? slotOf(monthIndex(t.from), false) : 0, b = t.to ? slotOf(monthIndex(t.to), true) : M - 1;
    lo.value = String(a); hi.value = String(b);
    shade[0].setAttribute('x', '0'); shade[0].setAttribute('width', String(a));
    shade[1].setAttribute('x', String(b + 1)); shade[1].setAttribute('width', String(M - 1 - b));
    if (document.activeElement !== fromInput) fromInput.value = t.from || '';
    if (document.activeElement !== toInput) toInput.value = t.to || '';
    undatedBox.checked = t.undated;
    undatedBox.disabled = !t.from && !t.to;
    const shown = dated.filter(kg.factVisible).length;
    summary.textContent = t.from || t.to
      ? shown + ' dated facts overlap the window' + (t.undated ? ', undated ones kept' : ', ' + undated + ' undated left out')
      : dated.length + ' dated facts, ' + undated + ' undated';
  }
  function set(from, to, undatedToo) {
    kg.setTime({ from: from, to: to, undated: undatedToo });
    show(kg.time());
  }
  function fromSlider(moved) {
    let a = +lo.value, b = +hi.value;
    if (a > b) { if (moved === lo) b = a; else a = b; }
    const whole = a === 0 && b === M - 1;
    set(whole ? null : monthStart(slots[a].a), whole ? null : monthEnd(slots[b].b), undatedBox.checked);
  }
  lo.addEventListener('input', () => fromSlider(lo));
  hi.addEventListener('input', () => fromSlider(hi));
  function typed() {
    const f = bound(fromInput.value, false), t = bound(toInput.value, true);
    fromInput.classList.toggle('bad', f === undefined);
    toInput.classList.toggle('bad', t === undefined);
    if (f === undefined || t === undefined) return;
    set(f, t, undatedBox.checked);
  }
  fromInput.addEventListener('input', typed);
  toInput.addEventListener('input', typed);
  undatedBox.addEventListener('change', () => { const t = kg.time(); set(t.from, t.to, undatedBox.checked); });
  clear.addEventListener('click', () => { stop(); fromInput.value = toInput.value = ''; set(null, null, false); });

  // Play: a window as wide as the one set (one month when none is) steps forward a month at a time.
  let timer = null;
  function stop() { clearInterval(timer); timer = null; play.textContent = '\u25b6'; play.setAttribute('aria-label', 'play'); }
  function tick() {
    let a = +lo.value, b = +hi.value;
    if (b >= M - 1) { stop(); return; }
    a++; b++;
    set(monthStart(slots[a].a), monthEnd(slots[b].b), undatedBox.checked);
  }
  play.addEventListener('click', () => {
    if (timer) { stop(); return; }
    if (+lo.value === 0 && +hi.value === M - 1 || +hi.value >= M - 1) set(monthStart(slots[0].a), monthEnd(slots[0].b), undatedBox.checked);
    else set(monthStart(slots[+lo.value].a), monthEnd(slots[+hi.value].b), undatedBox.checked);
    play.textContent = '\u23f8'; play.setAttribute('aria-label', 'pause');
    timer = setInterval(tick, kg.playStepMs || 900);
  });

  kg.on('filters', () => show(kg.time()));
  kg.on('reset', stop);
  // in the URL fragment as time=FROM..TO, with ~undated when undated facts are kept
  kg.state.register('time', {
    get: () => { const t = kg.time(); return t.from || t.to ? (t.from || '') + '..' + (t.to || '') + (t.undated ? '~undated' : '') : ''; },
    set: v => {
      const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?(~undated)?$/.exec(v || '');
      stop();
      set(m ? m[1] || null : null, m ? m[2] || null : null, !!(m && m[3]));
    },
  });
  kg.provide({ timebar: Object.freeze({ first: monthStart(first), last: monthEnd(last), slots: slots, within: within, covering: covering, stop: stop }) });
  show(kg.time());
})();
