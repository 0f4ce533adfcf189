/// What each node function contributes to a generated function: its state slots (names and
/// initial values, laid out in the heap under the unit's key) and the call of its block kernel
/// (dsp/*Block), which renders the unit's samples lo..hi-1 into the work array W. Keyed by NodeFn,
/// so a node type added to the table cannot be forgotten here. Code is made only of fixed
/// fragments and the offsets, slots and locals the generator hands in (indices and numbers).

import type { NodeFn } from '../../src/language/node-types.ts'
import type { Unit } from '../../src/language/patch-data.ts'
import { ADSR_INIT, ADSR_STATE } from '../dsp/adsr.ts'
import { CLOCK_INIT, CLOCK_STATE } from '../dsp/clock.ts'
import { DELAY_INIT, DELAY_STATE } from '../dsp/delay.ts'
import { FILTER_INIT, FILTER_MODES, FILTER_STATE } from '../dsp/filter.ts'
import { PINK_STATE, WHITE_STATE } from '../dsp/noise.ts'
import { OSC_INIT, OSC_STATE } from '../dsp/osc.ts'
import { SEQ_INIT, SEQ_STATE } from '../dsp/seq.ts'

export interface StateSpec {
  names: readonly string[]
  init: readonly number[]
}

/// A signal argument as kernels take it: the W offset of its block, or `-1` and a constant's index in V.
export interface Sig {
  off: string
  k: string
}

/// What the generator offers an emitter for one unit.
export interface EmitContext {
  /// A signal argument, evaluated (or found) for the kernel.
  sig(name: string): Sig
  /// Heap index of the unit's slot `i` (a number in the main scope, `b+N` in a voice).
  slot(i?: number): string
  /// Local holding this unit's step table or delay buffer (declared once per block).
  local: string
  /// W offset of the unit's output block.
  out: string
  /// W offset of a row the output is multiplied by (a filter's product fused into its pass), or '-1'.
  gain: string
  /// A filter's cutoff `add + row * mul` read in its pass (sig('cutoff') is then the row): the V
  /// indices of mul and add, or -1 and -1.
  amount: readonly [string, string]
}

export interface Emitter {
  state(u: Unit): StateSpec
  /// The kernel call rendering the unit's block (over lo..hi).
  block(u: Unit, c: EmitContext): KernelCall
}

const fixed = (names: readonly string[], init: readonly number[]): StateSpec => ({ names, init })
/// A kernel call as the generator emits it, its arguments numbers (integers, written as codegen's
/// int() writes them) or code: written out in voices and small mains, tabled in big ones
/// (call-table.ts) without being written out and read back.
export interface KernelCall {
  fn: string
  args: (string | number)[]
}
export const call = (fn: string, ...args: (string | number)[]): KernelCall => ({ fn, args })
/// A statement of generated code: text, or a kernel call.
export type Stmt = string | KernelCall
// Every kernel call below passes, after the unit's state, the work array, its output row, the
// sample range and the constants: `'W', c.out, 'lo', 'hi', 'V'`, and those that need the sample
// rate P last; a signal argument as its row and constant (`x.off, x.k`). Written out rather than
// spread from small arrays, which made three arrays a call (the 200-line patch: 144 KB a generate).

const OSC_SET: Record<string, string> = { saw: 'SAW', tri: 'TRI' }

function pick<T>(table: Record<string, T>, mode: string | null, u: Unit): T {
  const f = mode !== null && Object.prototype.hasOwnProperty.call(table, mode) ? table[mode] : undefined
  if (f === undefined) throw new RangeError(`${u.fn} at ${u.key}: unknown mode ${String(mode)}`)
  return f
}

const FILTER_MODE_INDEX: Record<string, number> = Object.fromEntries(FILTER_MODES.map((m, i) => [m, i]))

/// A filter unit's mode as its kernels take it (an index into FILTER_MODES).
export const filterMode = (u: Unit): number => pick(FILTER_MODE_INDEX, u.mode, u)

export const EMITTERS: Record<NodeFn, Emitter> = {
  osc: {
    state: () => fixed(OSC_STATE, OSC_INIT),
    block: (u, c) => {
      const f = c.sig('freq')
      if (u.mode === 'sine') return call('oscSineBlock', 'S', c.slot(), 'SINE', 'W', c.out, 'lo', 'hi', 'V', f.off, f.k, 'P')
      if (u.mode === 'square') {
        const pw = c.sig('pw')
        return call('oscSquareBlock', 'S', c.slot(), 'SAW', 'W', c.out, 'lo', 'hi', 'V', f.off, f.k, pw.off, pw.k, 'P')
      }
      return call('oscTableBlock', 'S', c.slot(), pick(OSC_SET, u.mode, u), 'W', c.out, 'lo', 'hi', 'V', f.off, f.k, 'P')
    },
  },
  noise: {
    // The seed (slot 0) is the generator's to set: from the unit's full key, voice included
    // (codegen.ts, Builder.unitState), which this key is not.
    state: (u) => (u.mode === 'pink' ? fixed(PINK_STATE, [0, 0, 0, 0, 0, 0, 0, 0, 0]) : fixed(WHITE_STATE, [0])),
    block: (u, c) => call(u.mode === 'pink' ? 'pinkBlock' : 'whiteBlock', 'S', c.slot(), 'W', c.out, 'lo', 'hi', 'V'),
  },
  trig: {
    state: () => fixed(CLOCK_STATE, CLOCK_INIT),
    block: (_u, c) => {
      const rate = c.sig('rate'), duty = c.sig('duty')
      return call('trigBlock', 'S', c.slot(), 'W', c.out, 'lo', 'hi', 'V', rate.off, rate.k, duty.off, duty.k, 'P')
    },
  },
  seq: {
    state: () => fixed(SEQ_STATE, SEQ_INIT),
    block: (_u, c) => {
      const clock = c.sig('clock')
      return call('seqBlock', 'S', c.slot(), 'W', c.out, 'lo', 'hi', 'V', clock.off, clock.k, c.local)
    },
  },
  adsr: {
    state: () => fixed(ADSR_STATE, ADSR_INIT),
    block: (_u, c) => {
      const g = c.sig('gate'), a = c.sig('a'), d = c.sig('d'), s = c.sig('s'), r = c.sig('r')
      return call('adsrBlock', 'S', c.slot(), 'W', c.out, 'lo', 'hi', 'V', g.off, g.k, a.off, a.k, d.off, d.k, s.off, s.k, r.off, r.k, 'P')
    },
  },
  filter: {
    state: () => fixed(FILTER_STATE, FILTER_INIT),
    block: (u, c) => {
      const x = c.sig('input'), f = c.sig('cutoff'), q = c.sig('q')
      return call('filterBlock', 'S', c.slot(), String(filterMode(u)), 'W', c.out, 'lo', 'hi', 'V', x.off, x.k, f.off, f.k, q.off, q.k, 'P', c.gain, c.amount[0], c.amount[1])
    },
  },
  delay: {
    // A delay whose input does not depend on its own output; one inside a loop is split into
    // delayReadBlock and delayWriteBlock by the generator (see codegen.ts).
    state: () => fixed(DELAY_STATE, DELAY_INIT),
    block: (_u, c) => {
      const x = c.sig('input'), time = c.sig('time'), fb = c.sig('feedback')
      return call('delayBlock', c.local, 'S', c.slot(), 'W', c.out, 'lo', 'hi', 'V', x.off, x.k, time.off, time.k, fb.off, fb.k, 'P')
    },
  },
  poly: {
    // The poly's head, voices and their template state are laid out by the generator (it knows the
    // template), which also emits its call; this spec is only the head's.
    state: () => fixed([], []),
    block: (u) => {
      throw new RangeError(`codegen: poly at ${u.key} is emitted by the generator`)
    },
  },
}
