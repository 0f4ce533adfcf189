/// MIDI learn and CC routing, without the DOM: which control each control change moves, the
/// learn state (waiting for the next CC that moves, for one control), and the grouping of a
/// burst of CC messages into one gesture, so a twisted knob makes one undo step as a mouse drag
/// does.

import { CC_FIRST_MODE } from './messages.ts'
import { ccToValue } from './cc-value.ts'

/// The part of a compiled control (`patch-data.ts` `Control`) that MIDI needs.
export interface MappableControl {
  kind: string
  name: string
  min: number
  max: number
  curve: 'lin' | 'exp'
  cc: number | null
}

export interface LearnTarget {
  kind: 'knob' | 'fader'
  name: string
}

export type CcAction<C extends MappableControl> =
  /// Learn finished: write `cc` into `target`'s declaration.
  | { k: 'learned'; target: LearnTarget; cc: number }
  /// Move `control` to `value` (already on its curve and in its range).
  | { k: 'move'; control: C; value: number }

export class CcRouter<C extends MappableControl = MappableControl> {
  private byCc = new Map<number, C[]>()
  private controls: C[] = []
  /// Mappings learnt or forgotten whose text has not compiled yet (null: forgotten).
  private learned = new Map<string, number | null>()
  private _learning: LearnTarget | null = null

  get learning(): LearnTarget | null {
    return this._learning
  }

  /// The knobs and faders of a newly compiled patch, with their `cc` mappings.
  setControls(controls: readonly C[]): void {
    this.controls = controls.filter((c) => c.kind === 'knob' || c.kind === 'fader')
    // A mapping just learned counts until the text that says it has compiled.
    for (const c of this.controls) if (this.learned.get(c.name) === c.cc) this.learned.delete(c.name)
    this.rebuild()
  }

  /// The mapping a control has now (learned or from the text).
  ccOf(name: string): number | null {
    if (this.learned.has(name)) return this.learned.get(name)!
    return this.controls.find((c) => c.name === name)?.cc ?? null
  }

  /// Removes a control's mapping at once (its text follows).
  forget(name: string): void {
    this.learned.set(name, null)
    this.rebuild()
  }

  /// Drops a learnt or forgotten mapping the text could not take: the text stays the truth.
  settle(name: string): void {
    this.learned.delete(name)
    this.rebuild()
  }

  /// Whether any control is mapped (then MIDI input is worth asking for).
  get anyMapped(): boolean {
    return this.byCc.size > 0
  }

  startLearn(target: LearnTarget): void {
    this._learning = target
  }

  cancelLearn(): void {
    this._learning = null
  }

  /// A control change arrived. Learning maps it (channel mode messages 120..127 never map) and
  /// moves the learned control at once; otherwise each control mapped to `cc` moves.
  onCc(cc: number, value: number): CcAction<C>[] {
    const out: CcAction<C>[] = []
    const t = this._learning
    if (t && cc < CC_FIRST_MODE) {
      this._learning = null
      this.learned.set(t.name, cc)
      this.rebuild()
      out.push({ k: 'learned', target: t, cc })
    }
    for (const c of this.byCc.get(cc) ?? []) out.push({ k: 'move', control: c, value: ccToValue(value, c) })
    return out
  }

  private rebuild(): void {
    this.byCc.clear()
    for (const c of this.controls) {
      const cc = this.learned.has(c.name) ? this.learned.get(c.name)! : c.cc
      if (cc === null) continue
      const list = this.byCc.get(cc)
      if (list) list.push(c)
      else this.byCc.set(cc, [c])
    }
  }
}

export interface Timers {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/// A gesture ends after this much quiet on its control: a knob turned by hand sends a message
/// every few milliseconds, so 250 ms of silence means the hand let go.
export const CC_IDLE_MS = 250

/// Groups the CC moves of each control into gestures: `input` at every message (for the sound
/// and a preview of the text), `commit` once when the control has been quiet for `idleMs`.
export class CcGestures<C extends { name: string }> {
  private open = new Map<string, { control: C; value: number; timer: unknown }>()

  constructor(
    private readonly sink: { input(control: C, value: number): void; commit(control: C, value: number): void },
    private readonly idleMs = CC_IDLE_MS,
    private readonly timers: Timers = browserTimers,
  ) {}

  move(control: C, value: number): void {
    const g = this.open.get(control.name)
    if (g) this.timers.clear(g.timer)
    const timer = this.timers.set(() => this.end(control.name), this.idleMs)
    this.open.set(control.name, { control, value, timer })
    this.sink.input(control, value)
  }

  /// Whether a CC gesture is running on the control (its value then belongs to MIDI, not the text).
  busy(name: string): boolean {
    return this.open.has(name)
  }

  /// The latest value of a running gesture, or undefined.
  value(name: string): number | undefined {
    return this.open.get(name)?.value
  }

  /// Ends every running gesture now (before the page goes away, or in tests).
  flush(): void {
    for (const name of [...this.open.keys()]) this.end(name)
  }

  private end(name: string): void {
    const g = this.open.get(name)
    if (!g) return
    this.timers.clear(g.timer)
    this.open.delete(name)
    this.sink.commit(g.control, g.value)
  }
}
