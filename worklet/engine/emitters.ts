/// What each node function contributes to a generated function: its state slots (names and
/// initial values, laid out in the heap under the unit's key) and its code. Keyed by NodeFn, so a
/// node type added to the table cannot be forgotten here. Code is made only of fixed fragments,
/// the slot expressions and argument code the generator hands in (indices and validated numbers).

import type { NodeFn } from '../../src/language/node-types.ts'
import type { Unit } from '../../src/language/patch-data.ts'
import { ADSR_INIT, ADSR_STATE } from '../dsp/adsr.ts'
import { CLOCK_INIT, CLOCK_STATE } from '../dsp/clock.ts'
import { DELAY_INIT, DELAY_STATE } from '../dsp/delay.ts'
import { FILTER_INIT, FILTER_STATE } from '../dsp/filter.ts'
import { PINK_STATE, WHITE_STATE, seedFor } from '../dsp/noise.ts'
import { OSC_INIT, OSC_STATE } from '../dsp/osc.ts'
import { SEQ_INIT, SEQ_STATE } from '../dsp/seq.ts'

export interface StateSpec {
  names: readonly string[]
  init: readonly number[]
}

/// What the generator offers an emitter for one unit.
export interface EmitContext {
  /// Code of a signal argument (per sample).
  arg(name: string): string
  /// Code of a block argument (read once per block, before the sample loop).
  blockArg(name: string): string
  /// Heap index of the unit's slot `i` (a number in the main scope, `b+N` in a voice).
  slot(i?: number): string
  /// Local holding this unit's step table, delay buffer or poly runtime (declared once per block).
  local: string
}

export interface Emitter {
  state(u: Unit): StateSpec
  /// Evaluated per sample where the unit's value is needed: an expression.
  sample(u: Unit, c: EmitContext): string
  /// Statements at the end of each sample (delay writes).
  end?(u: Unit, c: EmitContext): string
  /// Arguments read by `end` (not evaluated before `sample`).
  late?: readonly string[]
}

const fixed = (names: readonly string[], init: readonly number[]): StateSpec => ({ names, init })

const FILTER_FN: Record<string, string> = { lp: 'filterLp', hp: 'filterHp', bp: 'filterBp', notch: 'filterNotch' }
const OSC_TABLE: Record<string, string> = { saw: 'SAW', tri: 'TRI' }

function pick(table: Record<string, string>, mode: string | null, u: Unit): string {
  const f = mode !== null && Object.prototype.hasOwnProperty.call(table, mode) ? table[mode] : undefined
  if (!f) throw new RangeError(`${u.fn} at ${u.key}: unknown mode ${String(mode)}`)
  return f
}

export const EMITTERS: Record<NodeFn, Emitter> = {
  osc: {
    state: () => fixed(OSC_STATE, OSC_INIT),
    sample: (u, c) => {
      const inc = `(${c.arg('freq')}) * isr`
      if (u.mode === 'sine') return `oscSine(S, ${c.slot()}, ${inc}, SINE)`
      if (u.mode === 'square') return `oscSquare(S, ${c.slot()}, ${inc}, ${c.arg('pw')}, SAW)`
      return `oscTable(S, ${c.slot()}, ${inc}, ${pick(OSC_TABLE, u.mode, u)})`
    },
  },
  noise: {
    state: (u) => (u.mode === 'pink' ? fixed(PINK_STATE, [seedFor(u.key), 0, 0, 0, 0, 0, 0, 0]) : fixed(WHITE_STATE, [seedFor(u.key)])),
    sample: (u, c) => `${u.mode === 'pink' ? 'pink' : 'white'}(S, ${c.slot()})`,
  },
  trig: {
    state: () => fixed(CLOCK_STATE, CLOCK_INIT),
    sample: (_u, c) => `trig(S, ${c.slot()}, (${c.arg('rate')}) * isr, ${c.arg('duty')})`,
  },
  seq: {
    state: () => fixed(SEQ_STATE, SEQ_INIT),
    sample: (_u, c) => `seq(S, ${c.slot()}, ${c.arg('clock')}, ${c.local}.pass, ${c.local}.value, ${c.local}.n)`,
  },
  adsr: {
    state: () => fixed(ADSR_STATE, ADSR_INIT),
    sample: (_u, c) => `adsr(S, ${c.slot()}, ${c.arg('gate')}, ${c.arg('a')}, ${c.arg('d')}, ${c.arg('s')}, ${c.arg('r')}, isr)`,
  },
  filter: {
    state: () => fixed(FILTER_STATE, FILTER_INIT),
    sample: (u, c) => `${pick(FILTER_FN, u.mode, u)}(S, ${c.slot()}, ${c.arg('input')}, ${c.arg('cutoff')}, ${c.arg('q')}, sr)`,
  },
  delay: {
    state: () => fixed(DELAY_STATE, DELAY_INIT),
    sample: (_u, c) => `delayRead(${c.local}, S, ${c.slot()}, ${c.arg('time')}, ${c.arg('feedback')}, sr)`,
    end: (_u, c) => `delayWrite(${c.local}, S, ${c.slot()}, ${c.arg('input')});`,
    late: ['input'],
  },
  poly: {
    // The poly's head, voices and their template state are laid out by the generator (it knows the
    // template); this spec is only the head's.
    state: () => fixed([], []),
    sample: (_u, c) => `${c.local}o[i]`,
  },
}
