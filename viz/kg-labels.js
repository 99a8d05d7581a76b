/* actor-kg HTML view: which labels the canvas shows.
 *
 * Labels go by importance and zoom: node sizes grow with the log of their facts, and a label is drawn
 * once it would be drawThreshold px on screen; threshold() sets that so the first view names the
 * FIRST_LABELS entities with most facts, and zooming in names the rest. Once a view settles (after a
 * zoom or a pan, a drag, a change of what is drawn), the labels the zoom shows are kept by importance
 * (facts, then id) where they overlap neither a label already kept nor a more important entity's
 * shape; the others are drawn transparent until the view changes. The selection and what the page
 * highlights keep theirs.
 *
 * Provides: kg.labels.muted(id) (its label is hidden under another), kg.labels.soon() (sort the
 * labels out once the view settles), kg.labels.threshold(), kg.labels.scale(min, max, total, value)
 * (vis-network's customScalingFunction), kg.labels.MIN / MAX. */
(function () {
  'use strict';
  const kg = window.kg;
  const MIN = 12, MAX = 32, FIRST_LABELS = 28;
  let muted = new Set(), timer = null;

  const values = kg.data.nodes.map(n => kg.factCount(n.id));
  function scale(min, max, total, value) { return max > min ? Math.log(value / min) / Math.log(max / min) : 0.5; }
  function threshold() {
    const drawnValues = kg.view.drawnIds().map(kg.view.nodeValue).sort((a, b) => b - a);
    if (drawnValues.length <= FIRST_LABELS) return 4;
    const lo = Math.max(1, Math.min(...values)), hi = Math.max(...values);
    const font = v => MIN + (MAX - MIN) * scale(lo, hi, 0, Math.max(lo, Math.min(hi, v)));
    return Math.max(4, kg.network.getScale() * (font(drawnValues[FIRST_LABELS - 1]) + font(drawnValues[FIRST_LABELS])) / 2);
  }

  function declutter() {
    const network = kg.network, scale = network.getScale(), pad = 3 / scale;
    const selection = kg.selection();
    const always = new Set([...kg.data.nodes.map(n => n.id).filter(kg.highlit.node), ...kg.highlighted(), ...(selection && selection.kind === 'node' ? [selection.id] : [])]);
    const ids = kg.view.drawnIds().filter(id => network.body.nodes[id])
      .sort((a, b) => always.has(b) - always.has(a) || kg.view.nodeValue(b) - kg.view.nodeValue(a) || (a < b ? -1 : 1));
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
    const flipped = [...now].filter(id => !muted.has(id)).concat([...muted].filter(id => !now.has(id) && kg.view.isDrawn(id)));
    muted = now;
    if (flipped.length) kg.view.restyle(flipped);
  }

  kg.provide({
    labels: Object.freeze({
      muted: id => muted.has(id),
      soon() { if (!kg.ready) return; clearTimeout(timer); timer = setTimeout(declutter, 180); },
      threshold, scale, MIN, MAX,
    }),
  });
})();
