/// Sorting a scope's nodes so each is computed after the nodes it reads, and naming any loop that
/// does not pass through a delay. A delay's `input` is read late (delays are written at the end of
/// each sample), so it adds no ordering edge: that is what lets a delay close a loop.

export interface OrderInput {
  /// Node names in text order.
  names: string[]
  /// For each node, the nodes it reads outside delay inputs.
  deps: Map<string, Set<string>>
}

/// `order` holds every node not on a loop; each loop is reported once, from its first-written node.
export interface OrderResult {
  order: string[]
  loops: string[][]
}

export function orderNodes({ names, deps }: OrderInput): OrderResult {
  const walk: Walk = { deps, state: new Map(), order: [], stack: [] }
  const loops: string[][] = []
  for (const name of names) {
    const loop = visit(walk, name)
    if (!loop) continue
    loops.push(rotateToFirst(loop, names))
    // Take the loop's nodes out and go on, so that every independent loop is reported.
    for (const n of walk.stack) walk.state.set(n, 'done')
    walk.stack.length = 0
  }
  return { order: walk.order, loops }
}

/// The depth-first walk's state. The walk is a function of the module, not a closure made per
/// call: V8 holds a closure's optimised code only while an instance of it lives, so a closure made
/// per compile lost it at every full collection and was optimised again at the next edit.
interface Walk {
  deps: Map<string, Set<string>>
  state: Map<string, 'visiting' | 'done'>
  order: string[]
  stack: string[]
}

/// Depth-first in text order, so independent nodes keep the order they were written in. Returns
/// the loop it closes (reader -> read -> ... -> reader), or null.
function visit(w: Walk, name: string): string[] | null {
  const s = w.state.get(name)
  if (s === 'done') return null
  if (s === 'visiting') return [...w.stack.slice(w.stack.indexOf(name)), name]
  w.state.set(name, 'visiting')
  w.stack.push(name)
  for (const d of w.deps.get(name) ?? []) {
    if (!w.deps.has(d)) continue
    const loop = visit(w, d)
    if (loop) return loop
  }
  w.stack.pop()
  w.state.set(name, 'done')
  w.order.push(name)
  return null
}

/// Reports a loop starting at the node written first, in the direction data flows:
/// `a -> b -> a` reads "a feeds b, which feeds a".
function rotateToFirst(loop: string[], names: string[]): string[] {
  // `loop` comes from the DFS as reader -> read -> ... -> reader; reverse to show data flow.
  const cycle = loop.slice(0, -1).reverse()
  let start = 0
  for (let i = 1; i < cycle.length; i++) if (names.indexOf(cycle[i]) < names.indexOf(cycle[start])) start = i
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)]
  return [...rotated, rotated[0]]
}
