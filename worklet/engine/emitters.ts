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
import { TABLE_SIZE, TABLE_STRIDE } from '../dsp/wavetable.ts'
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
  /// A suffix unique to the unit within its function, for the names of inline temporaries.
  id: string
}

/// Per-sample code: an expression, or statements that leave the value in a local.
export type SampleCode = string | { stmts: string; value: string }

export interface Emitter {
  state(u: Unit): StateSpec
  /// Evaluated per sample where the unit's value is needed.
  sample(u: Unit, c: EmitContext): SampleCode
  /// Statements at the end of each sample (delay writes).
  end?(u: Unit, c: EmitContext): string
  /// Arguments read by `end` (not evaluated before `sample`).
  late?: readonly string[]
}

const fixed = (names: readonly string[], init: readonly number[]): StateSpec => ({ names, init })

/// Each mode's output from the input x, band v1, low v2 and damping k (see filter.ts).
const FILTER_OUT: Record<string, (id: string, k: string) => string> = {
  lp: (id) => `v2_${id}`,
  hp: (id, k) => `x_${id} - ${k} * v1_${id} - v2_${id}`,
  bp: (id, k) => `${k} * v1_${id}`,
  notch: (id, k) => `x_${id} - ${k} * v1_${id}`,
}
const OSC_TABLE: Record<string, string> = { saw: 'SAW', tri: 'TRI' }
const N = String(TABLE_SIZE), STRIDE = String(TABLE_STRIDE)

// Oscillators are emitted inline rather than as calls to osc.ts (which they match sample for
// sample; a test checks it): in a large generated loop V8's inlining budget runs out, and an
// oscillator as a real call costs 12-13 ns per sample against 5 ns inline (measured in Node 20).

/// Reads table set `set` at phase `ph` into `y_id`, crossfading by the table position `q_id`.
function tableRead(set: string, ph: string, id: string, y: string): string {
  return `const x${y}_${id} = ${ph} * ${N}, i${y}_${id} = x${y}_${id} | 0, f${y}_${id} = x${y}_${id} - i${y}_${id};
    let b${y}_${id} = k_${id} * ${STRIDE} + i${y}_${id};
    let ${y}_${id} = ${set}[b${y}_${id}] + f${y}_${id} * (${set}[b${y}_${id} + 1] - ${set}[b${y}_${id}]);
    if (q_${id} !== k_${id}) { b${y}_${id} += ${STRIDE}; ${y}_${id} += (q_${id} - k_${id}) * (${set}[b${y}_${id}] + f${y}_${id} * (${set}[b${y}_${id} + 1] - ${set}[b${y}_${id}]) - ${y}_${id}); }`
}

/// Phase increment, cached table position (recomputed only when |inc| changes), and the phase.
function oscHead(c: EmitContext, tables: boolean): string {
  const id = c.id, o = c.slot(), o1 = c.slot(1), o2 = c.slot(2)
  const pos = tables
    ? `const m_${id} = a_${id} < 0 ? -a_${id} : a_${id};
    if (m_${id} !== S[${o1}]) { S[${o1}] = m_${id}; S[${o2}] = tablePosition(m_${id}); }
    const q_${id} = S[${o2}], k_${id} = q_${id} | 0;`
    : ''
  return `const a_${id} = (${c.arg('freq')}) * isr;
    let p_${id} = S[${o}];
    ${pos}`
}

function oscAdvance(c: EmitContext): string {
  const id = c.id
  return `const n_${id} = p_${id} + a_${id};
    S[${c.slot()}] = n_${id} >= 1 || n_${id} < 0 ? wrap(n_${id}) : n_${id};`
}

function pick(table: Record<string, string>, mode: string | null, u: Unit): string {
  const f = mode !== null && Object.prototype.hasOwnProperty.call(table, mode) ? table[mode] : undefined
  if (!f) throw new RangeError(`${u.fn} at ${u.key}: unknown mode ${String(mode)}`)
  return f
}

export const EMITTERS: Record<NodeFn, Emitter> = {
  osc: {
    state: () => fixed(OSC_STATE, OSC_INIT),
    sample: (u, c) => {
      const id = c.id
      if (u.mode === 'sine') {
        const stmts = `${oscHead(c, false)}const x_${id} = p_${id} * ${N}, i_${id} = x_${id} | 0;
    const y_${id} = SINE[i_${id}] + (x_${id} - i_${id}) * (SINE[i_${id} + 1] - SINE[i_${id}]);
    ${oscAdvance(c)}`
        return { stmts, value: `y_${id}` }
      }
      if (u.mode === 'square') {
        // The difference of two saws pw apart, offset to span -1..1 (see oscSquare).
        const stmts = `${oscHead(c, true)}const pw_${id} = ${c.arg('pw')};
    const w_${id} = pw_${id} > 0 ? (pw_${id} < 1 ? pw_${id} : 1) : 0;
    let r_${id} = p_${id} - w_${id}; if (r_${id} < 0) r_${id} += 1;
    ${tableRead('SAW', `r_${id}`, id, 'ya')}
    ${tableRead('SAW', `p_${id}`, id, 'yb')}
    const y_${id} = ya_${id} - yb_${id} + 2 * w_${id} - 1;
    ${oscAdvance(c)}`
        return { stmts, value: `y_${id}` }
      }
      const stmts = `${oscHead(c, true)}${tableRead(pick(OSC_TABLE, u.mode, u), `p_${id}`, id, 'y')}
    ${oscAdvance(c)}`
      return { stmts, value: `y_${id}` }
    },
  },
  noise: {
    state: (u) => (u.mode === 'pink' ? fixed(PINK_STATE, [seedFor(u.key), 0, 0, 0, 0, 0, 0, 0, 0]) : fixed(WHITE_STATE, [seedFor(u.key)])),
    // The *Step helpers return nothing and the value is read from the heap: a helper call V8 does
    // not inline would return its double boxed, a garbage allocation per sample.
    sample: (u, c) => u.mode === 'pink'
      ? { stmts: `pinkStep(S, ${c.slot()});`, value: `S[${c.slot(8)}]` }
      : { stmts: `whiteStep(S, ${c.slot()});`, value: `S[${c.slot()}] * ${String(1 / 2147483648)}` },
  },
  trig: {
    state: () => fixed(CLOCK_STATE, CLOCK_INIT),
    sample: (_u, c) => `trig(S, ${c.slot()}, (${c.arg('rate')}) * isr, ${c.arg('duty')})`,
  },
  seq: {
    state: () => fixed(SEQ_STATE, SEQ_INIT),
    sample: (_u, c) => ({ stmts: `seqStep(S, ${c.slot()}, ${c.arg('clock')}, ${c.local}.pass, ${c.local}.value, ${c.local}.n);`, value: `S[${c.slot(2)}]` }),
  },
  adsr: {
    state: () => fixed(ADSR_STATE, ADSR_INIT),
    sample: (_u, c) => ({ stmts: `adsrStep(S, ${c.slot()}, ${c.arg('gate')}, ${c.arg('a')}, ${c.arg('d')}, ${c.arg('s')}, ${c.arg('r')}, isr);`, value: `S[${c.slot(1)}]` }),
  },
  filter: {
    state: () => fixed(FILTER_STATE, FILTER_INIT),
    // Inline, like the oscillators, with the same arithmetic as filter.ts (a test checks it).
    sample: (u, c) => {
      const mode = u.mode !== null && Object.prototype.hasOwnProperty.call(FILTER_OUT, u.mode) ? FILTER_OUT[u.mode] : undefined
      if (!mode) throw new RangeError(`filter at ${u.key}: unknown mode ${String(u.mode)}`)
      const id = c.id, s = (i: number) => `S[${c.slot(i)}]`
      const stmts = `const x_${id} = ${c.arg('input')}, c_${id} = ${c.arg('cutoff')}, r_${id} = ${c.arg('q')};
    if (c_${id} !== ${s(2)} || r_${id} !== ${s(3)}) setCoefficients(S, ${c.slot()}, c_${id}, r_${id}, sr);
    const i1_${id} = ${s(0)}, i2_${id} = ${s(1)}, v3_${id} = x_${id} - i2_${id};
    const v1_${id} = ${s(4)} * i1_${id} + ${s(5)} * v3_${id};
    const v2_${id} = i2_${id} + ${s(5)} * i1_${id} + ${s(6)} * v3_${id};
    const n1_${id} = 2 * v1_${id} - i1_${id}, n2_${id} = 2 * v2_${id} - i2_${id};
    ${s(0)} = n1_${id} < 1e-15 && n1_${id} > -1e-15 ? 0 : n1_${id};
    ${s(1)} = n2_${id} < 1e-15 && n2_${id} > -1e-15 ? 0 : n2_${id};
    const y_${id} = ${mode(id, s(7))};`
      return { stmts, value: `y_${id}` }
    },
  },
  delay: {
    state: () => fixed(DELAY_STATE, DELAY_INIT),
    sample: (_u, c) => ({ stmts: `delayReadStep(${c.local}, S, ${c.slot()}, ${c.arg('time')}, ${c.arg('feedback')}, sr);`, value: `S[${c.slot(1)}]` }),
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
