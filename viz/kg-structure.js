/* actor-kg HTML view: what the data says of the drawing before the reader does anything, fixed for the
 * page's life: what the page highlights (a path, a focus), which minor entities fold into which actor,
 * and the communities.
 *
 * Folding: an entity folds when its type says so (demands, explanations, groups) or when it has one
 * neighbour; it folds into the neighbour it shares most facts with among those that do not fold
 * themselves. What a path or a focus is about neither folds nor takes others in: such a page is drawn
 * to show their neighbourhood (around a focus, nearly every entity has the focus as its one neighbour).
 *
 * Provides: kg.hostOf(id) (the actor it folds into, or null), kg.foldedInto(host) (ids),
 * kg.keptOut(id) (never folded, always drawn), kg.pathMode (the page highlights facts),
 * kg.highlit = {node(id), edge(id), inPath(id), inPathIds()} (what the page was made to highlight),
 * kg.communities() ([k, member ids], largest first), kg.communityOf(k) (member ids),
 * kg.communityName(k), kg.COMMUNITY (the prefix of a collapsed community's drawn id). */
(function () {
  'use strict';
  const kg = window.kg, meta = kg.meta;

  const hlNodes = new Set(meta.highlight.nodes), hlEdges = new Set(meta.highlight.edges);
  const inPath = new Set(hlNodes);
  for (const e of kg.data.edges) if (hlEdges.has(e.id)) { inPath.add(e.from); inPath.add(e.to); }

  const keepOut = new Set([...inPath, meta.select].filter(Boolean));
  const size = id => kg.neighbours(id).length;
  const foldable = id => !keepOut.has(id) && size(id) > 0 && (kg.typeOf(kg.node(id)).fold || size(id) === 1);
  const hostOf = new Map(), foldedInto = new Map();
  for (const n of kg.data.nodes) {
    if (!foldable(n.id)) continue;
    let best = null, bestFacts = -1;
    for (const [other, facts] of kg.neighbours(n.id)) {
      if (foldable(other) || keepOut.has(other)) continue;
      const better = facts > bestFacts || (facts === bestFacts && (kg.node(other).degree > kg.node(best).degree || (kg.node(other).degree === kg.node(best).degree && other < best)));
      if (better) { best = other; bestFacts = facts; }
    }
    if (best !== null) {
      hostOf.set(n.id, best);
      if (!foldedInto.has(best)) foldedInto.set(best, []);
      foldedInto.get(best).push(n.id);
    }
  }

  const communities = new Map(); // k -> member ids, largest first (numbered so by the page's builder)
  for (const n of kg.data.nodes) {
    if (n.community < 0) continue;
    if (!communities.has(n.community)) communities.set(n.community, []);
    communities.get(n.community).push(n.id);
  }
  function communityName(k) {
    const members = communities.get(k) || [];
    const top = members.slice().sort((a, b) => kg.node(b).degree - kg.node(a).degree || (a < b ? -1 : 1)).slice(0, 2);
    return top.map(kg.label).join(', ') + (members.length > 2 ? ' \u2026' : '');
  }

  kg.provide({
    hostOf: id => hostOf.get(id) || null,
    foldedInto: id => (foldedInto.get(id) || []).slice(),
    keptOut: id => keepOut.has(id),
    pathMode: hlEdges.size > 0,
    highlit: Object.freeze({ node: id => hlNodes.has(id), edge: id => hlEdges.has(id), inPath: id => inPath.has(id), inPathIds: () => [...inPath] }),
    communities: () => [...communities].map(([k, ids]) => [k, ids.slice()]),
    communityOf: k => (communities.get(k) || []).slice(),
    communityName,
    COMMUNITY: 'community:',
  });
})();
