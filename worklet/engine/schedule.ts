/// The order of a stretch of generated code: filters with constant cutoff and q are moved, as far as
/// what each line reads and writes allows, to run two at a time in one pass (filterPair), whose two
/// independent recursions the CPU overlaps, and two such pairs side by side run as one call
/// (filterQuad: four lowpasses times rows in one wasm loop). Filters at a control's row pair with
/// each other alike (filterPairRows), and two such pairs of lowpasses times rows run as one call
/// (filterQuadRows), without sums of rows.

import { call, type Stmt } from './emitters.ts'

/// What a line of generated code reads and writes, for reordering it (see `scheduled`): rows of W
/// by offset, computed constants in V as -(index + 1). A filter with constant cutoff and q also
/// says what a paired call needs.
export interface Line {
  reads: number[]
  writes: number[]
  filter?: Filter
  /// A sum of rows (vSumRows): its row, its terms' rows in order, and its scale (vSumRows' mode, kVi).
  sum?: { d: number; rows: number[]; mode: number; kVi: number }
}

interface Filter {
  slot: string
  mode: string
  out: number
  x: number
  c: string
  q: string
  g: number
  /// A cutoff that is a control's row (filterPairRows): its row, its scale and offset (V indices,
  /// -1 for none), and the V slot its value goes to while the control rests.
  rows?: { c: number; cm: string; ca: string; v: string }
}

/// What a placed line is, for sumsIntoPairs: a pair of filters, a sum of rows, or other.
type Placed = { pair: readonly [Filter, Filter] } | { sum: NonNullable<Line['sum']> } | null

/// A pair's call; `sum` (filterPair's d, part, sumMode, kVi) only for filters with constant cutoffs
/// (sumsIntoPairs gives none to a pair at a control's rows).
const pairCall = (f: Filter, g: Filter, ...sum: number[]): Stmt =>
  f.rows && g.rows
    ? call('filterPairRows', 'S', f.slot, g.slot, f.mode, 'W', f.out, g.out, 'lo', 'hi', 'V', f.x, g.x, f.rows.c, g.rows.c,
      f.rows.cm, f.rows.ca, g.rows.cm, g.rows.ca, f.q, g.q, 'P', f.g, g.g, f.rows.v, g.rows.v)
    : call('filterPair', 'S', f.slot, g.slot, f.mode, 'W', f.out, g.out, 'lo', 'hi', 'V', f.x, g.x, f.c, f.q, g.c, g.q, 'P', f.g, g.g, ...sum)

/// Whether two filters may run as one pair call: one mode, and both with constant cutoffs or both
/// at a control's row.
const pairs = (f: Filter, g: Filter): boolean => f.mode === g.mode && !f.rows === !g.rows

/// A placed pair call, with its part of a sum of rows (filterPair's d, part, sumMode, kVi) if any.
interface PairCall {
  f: Filter
  g: Filter
  sum: readonly [number, number, number, number] | null
}

const quadCall = (a: PairCall, b: PairCall): Stmt => {
  const [f, g] = [a.f, a.g], [h, e] = [b.f, b.g]
  if (f.rows && g.rows && h.rows && e.rows) {
    return call('filterQuadRows', 'S', f.slot, g.slot, h.slot, e.slot, f.mode, 'W', f.out, g.out, h.out, e.out, 'lo', 'hi', 'V', f.x, g.x, h.x, e.x,
      f.rows.c, g.rows.c, h.rows.c, e.rows.c, f.rows.cm, f.rows.ca, g.rows.cm, g.rows.ca, h.rows.cm, h.rows.ca, e.rows.cm, e.rows.ca,
      f.q, g.q, h.q, e.q, 'P', f.g, g.g, h.g, e.g, f.rows.v, g.rows.v, h.rows.v, e.rows.v)
  }
  const [d, partA, sumMode, kVi] = a.sum ?? [-1, 0, 0, -1]
  const partB = b.sum ? b.sum[1] : 0
  return call('filterQuad', 'S', f.slot, g.slot, h.slot, e.slot, f.mode, 'W', f.out, g.out, h.out, e.out, 'lo', 'hi', 'V', f.x, g.x, h.x, e.x,
    f.c, f.q, g.c, g.q, h.c, h.q, e.c, e.q, 'P', f.g, g.g, h.g, e.g, d, partA, partB, sumMode, kVi)
}

/// A lowpass with constant cutoff times a row: what filterQuad's wasm loop runs.
const quadable = (f: Filter): boolean => f.mode === '0' && f.g >= 0 && !f.rows

/// A lowpass at a control's row times a row: what filterQuadRows runs as a quad while the rows rest.
const quadableRows = (f: Filter): boolean => f.mode === '0' && f.g >= 0 && !!f.rows

/// Which kind of quad two filters of a pair can be part of, or null.
const quadKind = (f: Filter, g: Filter): ((f: Filter) => boolean) | null =>
  quadable(f) && quadable(g) ? quadable : quadableRows(f) && quadableRows(g) ? quadableRows : null

/// Whether two pair calls placed one after the other may run as one filterQuad: four lowpasses
/// times rows (what its wasm loop runs; the rest it would run as the two pairs anyway), all with
/// constant cutoffs or all at a control's rows (filterQuadRows), and either no sum or steps of one
/// sum in order (the first not its end, the second not its start). Every row in a pair's loop is
/// read and written at one sample at a time, so the second pair reading what the first writes, or
/// writing what it reads, sees what it saw after it.
function fuses(a: PairCall, b: PairCall): boolean {
  // At a control's rows: no sum (sumsIntoPairs gives such pairs none).
  if (quadableRows(a.f) && quadableRows(a.g) && quadableRows(b.f) && quadableRows(b.g)) return !a.sum && !b.sum
  if (!quadable(a.f) || !quadable(a.g) || !quadable(b.f) || !quadable(b.g)) return false
  if (!a.sum || !b.sum) return !a.sum && !b.sum
  return a.sum[0] === b.sum[0] && a.sum[2] === b.sum[2] && a.sum[3] === b.sum[3] && a.sum[1] !== 2 && b.sum[1] !== 0
}

/// Two pair calls side by side as one filterQuad call, in order.
function pairsIntoQuads(code: Stmt[], pairs: (PairCall | null)[]): Stmt[] {
  const out: Stmt[] = []
  for (let i = 0; i < code.length; i++) {
    const a = pairs[i], b = pairs[i + 1]
    if (a && b && fuses(a, b)) {
      out.push(quadCall(a, b))
      i++
    } else out.push(code[i])
  }
  return out
}

/// The lines of a stretch outside delay loops, reordered so that filters with constant cutoff and
/// q run two at a time (filterPair; filters at a control's row, filterPairRows): a list schedule
/// that keeps every line after the lines it depends on (a row or constant it reads written before
/// it, or one it writes read or written before it), takes the earliest ready line that is not such
/// a filter, and only when none is left runs the ready filters, paired where two of one mode are
/// ready. Each unit computes the same samples in any order the dependencies allow, so the sound is
/// unchanged. A line without Line info stays where it is, and nothing moves across it.
export function scheduled(code: Stmt[], info: (Line | null)[]): Stmt[] {
  const filters = info.filter((l) => l?.filter).length
  if (filters < 2) return code
  const out: Stmt[] = []
  let from = 0
  for (let i = 0; i <= code.length; i++) {
    if (i < code.length && info[i]) continue
    out.push(...scheduleRun(code.slice(from, i), info.slice(from, i) as Line[]))
    if (i < code.length) out.push(code[i])
    from = i + 1
  }
  return out
}

function scheduleRun(code: Stmt[], info: Line[]): Stmt[] {
  const n = code.length
  if (info.filter((l) => l.filter).length < 2) return code
  // Dependencies: after the last writer of what a line reads, and after the readers and the last
  // writer of what it writes.
  const preds = new Int32Array(n)
  const succs: number[][] = Array.from({ length: n }, () => [])
  const lastWrite = new Map<number, number>()
  const readsSince = new Map<number, number[]>()
  const edge = (a: number | undefined, b: number): void => {
    if (a === undefined || a === b) return
    succs[a].push(b)
    preds[b]++
  }
  for (let i = 0; i < n; i++) {
    for (const r of new Set(info[i].reads)) {
      edge(lastWrite.get(r), i)
      const list = readsSince.get(r)
      if (list) list.push(i)
      else readsSince.set(r, [i])
    }
    for (const w of new Set(info[i].writes)) {
      edge(lastWrite.get(w), i)
      for (const j of readsSince.get(w) ?? []) edge(j, i)
      lastWrite.set(w, i)
      readsSince.set(w, [])
    }
  }
  const ready: number[] = []
  for (let i = 0; i < n; i++) if (preds[i] === 0) ready.push(i)
  const out: Stmt[] = []
  const what: Placed[] = []
  let placed = 0
  const done = (i: number): void => {
    placed++
    for (const j of succs[i]) if (--preds[j] === 0) ready.push(j)
  }
  const placePair = (i: number, j: number): void => {
    const f = info[i].filter!, g = info[j].filter!
    out.push(pairCall(f, g))
    what.push({ pair: [f, g] })
    done(i)
    done(j)
  }
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const plain = ready.findIndex((i) => !info[i].filter)
    if (plain >= 0) {
      const i = ready.splice(plain, 1)[0]
      out.push(code[i])
      what.push(info[i].sum ? { sum: info[i].sum! } : null)
      done(i)
      continue
    }
    const i = ready.shift()!
    const f = info[i].filter!
    const m = ready.findIndex((j) => pairs(f, info[j].filter!))
    if (m < 0) {
      out.push(code[i])
      what.push(null)
      done(i)
      continue
    }
    const j = ready.splice(m, 1)[0]
    placePair(i, j)
    // A second pair of lowpasses times rows (of the same kind: constant cutoffs, or at a control's
    // rows) right after the first, before any line the first made ready, so the two run as one
    // filterQuad or filterQuadRows (pairsIntoQuads).
    const kind = quadKind(f, info[j].filter!)
    if (!kind) continue
    const more = ready.filter((k) => info[k].filter && kind(info[k].filter!)).sort((a, b) => a - b)
    if (more.length < 2) continue
    for (const k of more.slice(0, 2)) ready.splice(ready.indexOf(k), 1)
    placePair(more[0], more[1])
  }
  if (placed !== n) throw new Error('codegen: a line was left out of the schedule')
  const summed = sumsIntoPairs(out, what)
  return pairsIntoQuads(summed.code, summed.pairs)
}

/// A sum of rows placed right after the pairs that make its terms, in its order (P1's `(v0 + ... +
/// v7) / 8` after its four pairs of `filter(lp, ...) * env`), each a pair of lowpasses times rows:
/// the pairs add into the sum as they go (filterPair's `d`), and the sum's own pass over every
/// term goes. Same additions, same order, same samples (filterPair says how). Returns the lines and,
/// beside each, the pair call it is (with its part of a sum) or null.
function sumsIntoPairs(code: Stmt[], what: Placed[]): { code: Stmt[]; pairs: (PairCall | null)[] } {
  const out: Stmt[] = []
  const pairs: (PairCall | null)[] = []
  for (let s = 0; s < code.length; s++) {
    const w = what[s]
    const sum = w && 'sum' in w ? w.sum : null
    const m = sum ? sum.rows.length / 2 : 0
    const terms = sum && Number.isInteger(m) && m >= 2 && s >= m ? what.slice(s - m, s) : []
    const fits = terms.length > 0 && terms.every((p, j) => {
      if (!p || !('pair' in p)) return false
      const [f, g] = p.pair
      const own = [f.out, g.out, f.x, g.x, f.g, g.g]
      return quadable(f) && quadable(g) && f.out === sum!.rows[2 * j] && g.out === sum!.rows[2 * j + 1] && !own.includes(sum!.d)
    })
    if (!fits) {
      out.push(code[s])
      pairs.push(w && 'pair' in w ? { f: w.pair[0], g: w.pair[1], sum: null } : null)
      continue
    }
    terms.forEach((p, j) => {
      const [f, g] = (p as { pair: readonly [Filter, Filter] }).pair
      const part = j === 0 ? 0 : j === m - 1 ? 2 : 1
      out[out.length - m + j] = pairCall(f, g, sum!.d, part, sum!.mode, sum!.kVi)
      pairs[pairs.length - m + j] = { f, g, sum: [sum!.d, part, sum!.mode, sum!.kVi] }
    })
  }
  return { code: out, pairs }
}
