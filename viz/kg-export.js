/* actor-kg HTML view: the current view saved as a picture. PNG is the canvas as drawn, on white; SVG
 * is drawn anew from what is on screen (links, shapes, the labels the zoom shows), so it stays sharp
 * and editable. Both are downloads made in the page: nothing leaves the file. */
(function () {
  'use strict';
  const kg = window.kg, el = kg.el;
  const node = kg.svg;
  const container = document.getElementById('network');

  function download(blob, name) {
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  function fileName(ext) {
    return (kg.meta.title || 'actor-kg').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) + '.' + ext;
  }

  function png() {
    const canvas = container.querySelector('canvas');
    const out = document.createElement('canvas');
    out.width = canvas.width; out.height = canvas.height;
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return new Promise(resolve => out.toBlob(resolve, 'image/png'));
  }

  function svg() {
    const network = kg.network, w = container.clientWidth, h = container.clientHeight, scale = network.getScale();
    const root = node('svg', { xmlns: 'http://www.w3.org/2000/svg', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, 'font-family': 'DejaVu Sans, sans-serif' });
    root.append(node('title', { text: kg.meta.title }), node('rect', { x: 0, y: 0, width: w, height: h, fill: '#ffffff' }));
    const visible = kg.nodes.get({ filter: n => !n.hidden });
    const ids = visible.map(n => n.id);
    const at = network.getPositions(ids), dom = {};
    for (const id of ids) dom[id] = network.canvasToDOM(at[id]);
    const inView = p => p.x > -60 && p.y > -60 && p.x < w + 60 && p.y < h + 60;
    const links = node('g', { class: 'links' });
    for (const e of kg.edges.get()) {
      const a = dom[e.from], b = dom[e.to];
      if (!a || !b || (!inView(a) && !inView(b)) || e.from === e.to) continue;
      links.append(node('line', { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1), stroke: e.color.color,
        'stroke-width': Math.max(0.5, e.width * scale).toFixed(2) }, node('title', { text: e.title })));
    }
    const shapes = node('g', { class: 'nodes' }), labels = node('g', { class: 'labels', 'text-anchor': 'middle' });
    // vis-network draws a label from 1 px under its threshold on (faded in over that pixel)
    const threshold = (network.body.nodes[ids[0]] ? network.body.nodes[ids[0]].options.scaling.label.drawThreshold : 8) - 1;
    for (const n of visible) {
      const p = dom[n.id], body = network.body.nodes[n.id];
      if (!inView(p) || !body) continue;
      const r = Math.max(3, ((body.shape && body.shape.radius) || body.options.size || 10) * scale);
      const g = kg.svgShape(n.shape, p.x, p.y, r, { fill: n.color.background, stroke: n.color.border, 'stroke-width': n.borderWidth || 1 });
      g.append(node('title', { text: n.title }));
      shapes.append(g);
      const size = body.options.font.size * scale;
      if (size < threshold || n.font.color === kg.HIDDEN_LABEL) continue; // not drawn, or hidden under another
      const text = node('text', { x: p.x.toFixed(1), y: (p.y + r + size).toFixed(1), 'font-size': size.toFixed(1), fill: n.font.color || '#1d1d1d', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' });
      wrap(n.label, 26).forEach((line, i) => text.append(node('tspan', { x: p.x.toFixed(1), dy: i ? (size * 1.15).toFixed(1) : 0, text: line })));
      labels.append(text);
    }
    root.append(links, shapes, labels);
    return new XMLSerializer().serializeToString(root);
  }
  function wrap(text, width) {
    const lines = [];
    for (const word of String(text).split(/\s+/)) {
      if (lines.length && (lines[lines.length - 1] + ' ' + word).length <= width) lines[lines.length - 1] += ' ' + word;
      else lines.push(word);
    }
    return lines;
  }

  kg.toolbar(el('button', { type: 'button', id: 'export-png', title: 'save the view as a PNG picture', text: 'PNG', onclick: () => png().then(b => download(b, fileName('png'))) }));
  kg.toolbar(el('button', { type: 'button', id: 'export-svg', title: 'save the view as an SVG drawing', text: 'SVG', onclick: () => download(new Blob([svg()], { type: 'image/svg+xml' }), fileName('svg')) }));
})();
