/// The order of a stretch of generated code: filters with constant cutoff and q are moved, as far as
/// what each line reads and writes allows, to run two at a time in one pass (filterPair), whose two
/// independent recursions the CPU overlaps.

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
}

/// What a placed line is, for sumsIntoPairs: a pair of filters, a sum of rows, or other.
type Placed = { pair: readonly [Filter, Filter] } | { sum: NonNullable<Line['sum']> } | null

const pairCall = (f: Filter, g: Filter, ...sum: number[]): Stmt =>
  call('filterPair', 'S', f.slot, g.slot, f.mode, 'W', f.out, g.out, 'lo', 'hi', 'V', f.x, g.x, f.c, f.q, g.c, g.q, 'P', f.g, g.g, ...sum)

/// The lines of a stretch outside delay loops, reordered so that filters with constant cutoff and
/// q run two at a time (filterPair): a list schedule that keeps every line after the lines it
/// depends on (a row or constant it reads written before it, or one it writes read or written
/// before it), takes the earliest ready line that is not such a filter, and only when none is
/// left runs the ready filters, paired where two of one mode are ready. Each unit computes the
/// same samples in any order the dependencies allow, so the sound is unchanged. A line without
/// Line info stays where it is, and nothing moves across it.
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
    const m = ready.findIndex((j) => info[j].filter!.mode === f.mode)
    if (m < 0) {
      out.push(code[i])
      what.push(null)
      done(i)
      continue
    }
    const j = ready.splice(m, 1)[0]
    const g = info[j].filter!
    out.push(pairCall(f, g))
    what.push({ pair: [f, g] })
    done(i)
    done(j)
  }
  if (placed !== n) throw new Error('codegen: a line was left out of the schedule')
  return sumsIntoPairs(out, what)
}

/// A sum of rows placed right after the pairs that make its terms, in its order (P1's `(v0 + ... +
/// v7) / 8` after its four pairs of `filter(lp, ...) * env`), each a pair of lowpasses times rows:
/// the pairs add into the sum as they go (filterPair's `d`), and the sum's own pass over every
/// term goes. Same additions, same order, same samples (filterPair says how).
function sumsIntoPairs(code: Stmt[], what: Placed[]): Stmt[] {
  const out: Stmt[] = []
  for (let s = 0; s < code.length; s++) {
    const w = what[s]
    const sum = w && 'sum' in w ? w.sum : null
    const m = sum ? sum.rows.length / 2 : 0
    const pairs = sum && Number.isInteger(m) && m >= 2 && s >= m ? what.slice(s - m, s) : []
    const fits = pairs.length > 0 && pairs.every((p, j) => {
      if (!p || !('pair' in p)) return false
      const [f, g] = p.pair
      const own = [f.out, g.out, f.x, g.x, f.g, g.g]
      return f.mode === '0' && f.g >= 0 && g.g >= 0 && f.out === sum!.rows[2 * j] && g.out === sum!.rows[2 * j + 1] && !own.includes(sum!.d)
    })
    if (!fits) {
      out.push(code[s])
      continue
    }
    pairs.forEach((p, j) => {
      const [f, g] = (p as { pair: readonly [Filter, Filter] }).pair
      out[out.length - m + j] = pairCall(f, g, sum!.d, j === 0 ? 0 : j === m - 1 ? 2 : 1, sum!.mode, sum!.kVi)
    })
  }
  return out
}
