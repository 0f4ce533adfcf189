import { describe, expect, it } from 'vitest'
import { ccToValue } from '../../../src/midi/cc-value.ts'
import { CcGestures, CcRouter, type MappableControl, type Timers } from '../../../src/midi/learn.ts'

const cutoff: MappableControl = { kind: 'knob', name: 'cutoff', min: 80, max: 9000, curve: 'exp', cc: null }
const level: MappableControl = { kind: 'fader', name: 'level', min: 0, max: 1, curve: 'lin', cc: 7 }
const hats: MappableControl = { kind: 'step_seq', name: 'hats', min: 0, max: 8, curve: 'lin', cc: null }

describe('ccToValue', () => {
  it('spans the range, evenly in ratio on exp', () => {
    expect(ccToValue(0, cutoff)).toBeCloseTo(80, 9)
    expect(ccToValue(127, cutoff)).toBeCloseTo(9000, 6)
    expect(ccToValue(63.5, cutoff)).toBeCloseTo(Math.sqrt(80 * 9000), 6)
    expect(ccToValue(127, level)).toBe(1)
    expect(ccToValue(0, level)).toBe(0)
    expect(ccToValue(254, level)).toBe(1)
  })
})

describe('CcRouter', () => {
  it('moves the controls mapped to a CC, and nothing else', () => {
    const r = new CcRouter()
    r.setControls([cutoff, level, hats])
    expect(r.onCc(7, 127)).toEqual([{ k: 'move', control: level, value: 1 }])
    expect(r.onCc(74, 10)).toEqual([])
    expect(r.anyMapped).toBe(true)
  })
  it('learns the next CC that moves, maps it at once and moves the control', () => {
    const r = new CcRouter()
    r.setControls([cutoff, level])
    r.startLearn({ kind: 'knob', name: 'cutoff' })
    expect(r.learning).toEqual({ kind: 'knob', name: 'cutoff' })
    const acts = r.onCc(74, 127)
    expect(acts[0]).toEqual({ k: 'learned', target: { kind: 'knob', name: 'cutoff' }, cc: 74 })
    expect(acts[1]).toMatchObject({ k: 'move', control: cutoff })
    expect(r.learning).toBeNull()
    // Before the text with `cc 74` compiles, the learned mapping already routes.
    expect(r.onCc(74, 0)).toMatchObject([{ k: 'move', control: cutoff }])
    expect(r.ccOf('cutoff')).toBe(74)
    // A compile of older text (no cc yet) keeps it; the new text takes over.
    r.setControls([cutoff, level])
    expect(r.ccOf('cutoff')).toBe(74)
    r.setControls([{ ...cutoff, cc: 74 }, level])
    expect(r.onCc(74, 0)).toHaveLength(1)
    // Then the text is the truth again: removing cc from it unmaps.
    r.setControls([cutoff, level])
    expect(r.onCc(74, 0)).toEqual([])
  })
  it('relearning replaces the control mapping, and channel mode messages never map', () => {
    const r = new CcRouter()
    r.setControls([level])
    r.startLearn({ kind: 'fader', name: 'level' })
    expect(r.onCc(123, 0)).toEqual([])
    expect(r.learning).not.toBeNull()
    expect(r.onCc(11, 64)[0]).toEqual({ k: 'learned', target: { kind: 'fader', name: 'level' }, cc: 11 })
    expect(r.onCc(7, 0)).toEqual([])
    expect(r.onCc(11, 0)).toHaveLength(1)
  })
  it('forgets a mapping at once, until the text without it compiles', () => {
    const r = new CcRouter()
    r.setControls([level])
    r.forget('level')
    expect(r.ccOf('level')).toBeNull()
    expect(r.onCc(7, 0)).toEqual([])
    r.setControls([level]) // an older compile still saying cc 7
    expect(r.onCc(7, 0)).toEqual([])
    r.setControls([{ ...level, cc: null }])
    r.setControls([level]) // the text says cc 7 again (undo): it maps again
    expect(r.onCc(7, 0)).toHaveLength(1)
  })
  it('settles back to the text when a learnt mapping could not be written', () => {
    const r = new CcRouter()
    r.setControls([cutoff])
    r.startLearn({ kind: 'knob', name: 'cutoff' })
    r.onCc(74, 1)
    r.settle('cutoff')
    expect(r.ccOf('cutoff')).toBeNull()
    expect(r.onCc(74, 1)).toEqual([])
  })
  it('cancels learning', () => {
    const r = new CcRouter()
    r.setControls([cutoff])
    r.startLearn({ kind: 'knob', name: 'cutoff' })
    r.cancelLearn()
    expect(r.onCc(74, 1)).toEqual([])
  })
})

class FakeTimers implements Timers {
  now = 0
  private next = 1
  private pending = new Map<number, { at: number; fn: () => void }>()
  set(fn: () => void, ms: number) {
    const id = this.next++
    this.pending.set(id, { at: this.now + ms, fn })
    return id
  }
  clear(h: unknown) {
    this.pending.delete(h as number)
  }
  advance(ms: number) {
    this.now += ms
    for (const [id, t] of [...this.pending]) if (t.at <= this.now) {
      this.pending.delete(id)
      t.fn()
    }
  }
}

describe('CcGestures', () => {
  it('turns a burst of moves into inputs and one commit of the last value', () => {
    const log: string[] = []
    const timers = new FakeTimers()
    const g = new CcGestures<MappableControl>({ input: (c, v) => log.push(`in ${c.name} ${v}`), commit: (c, v) => log.push(`commit ${c.name} ${v}`) }, 250, timers)
    for (let i = 0; i < 5; i++) {
      g.move(level, i / 4)
      timers.advance(20)
    }
    expect(g.busy('level')).toBe(true)
    expect(log.filter((l) => l.startsWith('commit'))).toEqual([])
    timers.advance(249)
    expect(log.at(-1)).toBe('commit level 1')
    expect(log.filter((l) => l.startsWith('commit'))).toHaveLength(1)
    expect(log.filter((l) => l.startsWith('in'))).toHaveLength(5)
    expect(g.busy('level')).toBe(false)
    g.move(level, 0.5)
    timers.advance(300)
    expect(log.at(-1)).toBe('commit level 0.5')
  })
  it('keeps controls apart and flushes on demand', () => {
    const commits: string[] = []
    const timers = new FakeTimers()
    const g = new CcGestures<MappableControl>({ input: () => {}, commit: (c, v) => commits.push(`${c.name}=${v}`) }, 250, timers)
    g.move(level, 0.1)
    g.move(cutoff, 200)
    g.flush()
    expect(commits.sort()).toEqual(['cutoff=200', 'level=0.1'])
    timers.advance(1000)
    expect(commits).toHaveLength(2)
  })
})
