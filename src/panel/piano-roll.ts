/// The piano_roll widget: a scrollable grid of steps (columns) by pitches (rows, high at the top).
/// Each cell is a toggle button labelled like `lead step 3 e4`. A press on an empty cell adds the
/// note (to the step's chord, if it has one) and dragging right holds it into ties (`_`); a press on
/// a note removes it (dragging erases more of that pitch); a press on a held cell ends the note
/// there; Shift-press holds the nearest earlier note of that pitch through the cell. Arrow keys
/// move between cells, Space or Enter toggles (Shift+Enter extends). The playing step is lit.

import type { Control, Step } from '../language/patch-data.ts'
import { isBlackKey, noteName } from './notes.ts'
import { sameSteps } from './rewrite.ts'
import { cellState, extendTo, pitchRange, removeNote, tieRange, toggleCell } from './roll-edit.ts'
import { h } from './slider.ts'
import type { PanelCallbacks, Widget } from './types.ts'

type Gesture =
  | { id: number; mode: 'draw'; from: number; base: Step[]; start: Step[] }
  | { id: number; mode: 'erase'; midi: number; start: Step[] }
  | { id: number; mode: 'none'; start: Step[] }

export class PianoRollWidget implements Widget {
  readonly el: HTMLElement
  private readonly scroller: HTMLElement
  private readonly grid: HTMLElement
  private readonly nameEl: HTMLElement
  private control: Control
  private steps: Step[]
  private lo = 0
  private hi = -1
  private cols = 0
  /// cells[step][hi - midi]
  private cells: HTMLButtonElement[][] = []
  private gesture: Gesture | null = null
  private playing: number | null = null
  private focus = { s: 0, m: 60 }
  private scrolled = false

  constructor(
    control: Control,
    private readonly cb: PanelCallbacks,
  ) {
    this.control = control
    this.steps = control.steps.slice()
    this.el = h('div', 'tp-ctl tp-piano_roll')
    const label = h('div', 'tp-label')
    this.nameEl = h('span', 'tp-name')
    label.append(this.nameEl)
    this.scroller = h('div', 'tp-roll-scroll')
    this.grid = h('div', 'tp-roll')
    this.grid.setAttribute('role', 'group')
    this.scroller.append(this.grid)
    this.el.append(label, this.scroller)
    this.grid.addEventListener('pointerdown', this.onPointerDown)
    this.grid.addEventListener('pointermove', this.onPointerMove)
    this.grid.addEventListener('pointerup', this.onPointerUp)
    this.grid.addEventListener('pointercancel', this.onPointerUp)
    this.grid.addEventListener('click', this.onClick)
    this.grid.addEventListener('keydown', this.onKey)
    this.nameEl.textContent = control.name
    this.grid.setAttribute('aria-label', control.name)
    this.render()
    // The panel puts a new widget in the page after building it: centre the notes once it is there.
    requestAnimationFrame(() => {
      if (!this.scrolled && this.scroller.isConnected) this.scrollToNotes()
    })
  }

  update(control: Control): void {
    this.control = control
    // Most compiles leave a step control as it was: then there is nothing to touch.
    if (this.gesture || sameSteps(this.steps, control.steps)) return
    this.steps = control.steps.slice()
    this.nameEl.textContent = control.name
    this.grid.setAttribute('aria-label', control.name)
    this.render()
  }

  setStep(step: number | null): void {
    if (step === this.playing) return
    if (this.playing !== null) for (const c of this.cells[this.playing] ?? []) c.classList.remove('tp-now')
    this.playing = step
    if (step !== null) for (const c of this.cells[step] ?? []) c.classList.add('tp-now')
  }

  destroy(): void {
    this.el.remove()
  }

  private render(): void {
    // The pitch range only grows while the widget lives, and not during a gesture, so rows never
    // jump away under the pointer (and the pressed cell is not replaced before it takes focus).
    const want = pitchRange(this.steps)
    const fresh = this.hi < this.lo
    let lo = fresh ? want.lo : Math.min(this.lo, want.lo)
    let hi = fresh ? want.hi : Math.max(this.hi, want.hi)
    if (this.gesture && !fresh) [lo, hi] = [this.lo, this.hi]
    if (lo !== this.lo || hi !== this.hi || this.cols !== this.steps.length) {
      const grewTop = fresh ? 0 : hi - this.hi
      this.build(lo, hi, this.steps.length)
      // Rows added above the view push it down; scroll by as much to keep the same notes in view.
      if (grewTop > 0) this.scroller.scrollTop += grewTop * (this.cells[0]?.[0]?.offsetHeight ?? 0)
    }
    const name = this.control.name
    for (let s = 0; s < this.cols; s++) {
      for (let m = hi; m >= lo; m--) {
        const b = this.cells[s][hi - m]
        const st = cellState(this.steps, s, m)
        const label = `${name} step ${s + 1} ${noteName(m)}`
        if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label)
        const pressed = String(st !== 'off')
        if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed)
        if (b.dataset.state !== st) b.dataset.state = st
      }
    }
    if (!this.scrolled && this.scroller.isConnected && this.scroller.clientHeight > 0) this.scrollToNotes()
  }

  private build(lo: number, hi: number, cols: number): void {
    const hadFocus = this.grid.contains(document.activeElement)
    this.lo = lo
    this.hi = hi
    this.cols = cols
    this.grid.replaceChildren()
    this.grid.style.gridTemplateColumns = `var(--tp-key-w) repeat(${cols}, minmax(var(--tp-cell-w), 1fr))`
    this.cells = Array.from({ length: cols }, () => [])
    const corner = h('span', 'tp-roll-corner')
    this.grid.append(corner)
    for (let s = 0; s < cols; s++) {
      const n = h('span', 'tp-roll-num')
      n.textContent = s % 4 === 0 ? String(s + 1) : ''
      n.dataset.s = String(s)
      this.grid.append(n)
    }
    for (let m = hi; m >= lo; m--) {
      const key = h('span', `tp-key${isBlackKey(m) ? ' tp-black' : ''}${m % 12 === 0 ? ' tp-c' : ''}`)
      key.textContent = noteName(m)
      this.grid.append(key)
      for (let s = 0; s < cols; s++) {
        const b = h('button', `tp-cell${isBlackKey(m) ? ' tp-black' : ''}${s % 4 === 0 ? ' tp-beat' : ''}${m % 12 === 0 ? ' tp-c' : ''}`)
        b.type = 'button'
        b.dataset.s = String(s)
        b.dataset.m = String(m)
        b.tabIndex = -1
        if (s === this.playing) b.classList.add('tp-now')
        this.cells[s][hi - m] = b
        this.grid.append(b)
      }
    }
    this.focus.s = Math.min(this.focus.s, cols - 1)
    this.focus.m = Math.min(hi, Math.max(lo, this.focus.m))
    const f = this.cell(this.focus.s, this.focus.m)
    if (f) {
      f.tabIndex = 0
      if (hadFocus) f.focus()
    }
  }

  private scrollToNotes(): void {
    this.scrolled = true
    const notes = this.steps.flatMap((s) => (s.k === 'notes' ? s.midi : []))
    const mid = notes.length ? (Math.min(...notes) + Math.max(...notes)) / 2 : 60
    const row = this.cell(0, Math.round(Math.min(this.hi, Math.max(this.lo, mid))))
    if (row) {
      const top = row.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + this.scroller.scrollTop
      this.scroller.scrollTop = Math.max(0, top - this.scroller.clientHeight / 2)
    }
  }

  private cell(s: number, m: number): HTMLButtonElement | undefined {
    return this.cells[s]?.[this.hi - m]
  }

  private at(target: EventTarget | null): { s: number; m: number } | null {
    const b = target instanceof Element ? target.closest<HTMLElement>('.tp-cell') : null
    if (!b || !this.grid.contains(b)) return null
    return { s: Number(b.dataset.s), m: Number(b.dataset.m) }
  }

  private setSteps(next: Step[]): void {
    if (next.length === this.steps.length && next.every((s, i) => s === this.steps[i])) return
    this.steps = next
    this.render()
    this.cb.onInput(this.control, { steps: next.slice() })
  }

  private moveFocus(s: number, m: number, focus: boolean): void {
    this.cell(this.focus.s, this.focus.m)?.setAttribute('tabindex', '-1')
    this.focus = { s: Math.max(0, Math.min(this.cols - 1, s)), m: Math.max(this.lo, Math.min(this.hi, m)) }
    const c = this.cell(this.focus.s, this.focus.m)
    if (!c) return
    c.tabIndex = 0
    if (focus) c.focus()
  }

  private onPointerDown = (e: PointerEvent): void => {
    const p = this.at(e.target)
    if (!p || e.button !== 0 || this.gesture) return
    this.moveFocus(p.s, p.m, true)
    this.grid.setPointerCapture(e.pointerId)
    this.el.classList.add('tp-active')
    const start = this.steps
    const state = cellState(start, p.s, p.m)
    const ext = e.shiftKey ? extendTo(start, p.s, p.m) : null
    if (ext) {
      this.gesture = { id: e.pointerId, mode: 'none', start }
      this.setSteps(ext)
    } else if (state === 'off') {
      const base = toggleCell(start, p.s, p.m)
      this.gesture = { id: e.pointerId, mode: 'draw', from: p.s, base, start }
      this.setSteps(base)
    } else if (state === 'on') {
      this.gesture = { id: e.pointerId, mode: 'erase', midi: p.m, start }
      this.setSteps(removeNote(start, p.s, p.m))
    } else {
      this.gesture = { id: e.pointerId, mode: 'none', start }
      this.setSteps(toggleCell(start, p.s, p.m))
    }
  }

  private onPointerMove = (e: PointerEvent): void => {
    const g = this.gesture
    if (!g || e.pointerId !== g.id) return
    const p = this.at(document.elementFromPoint(e.clientX, e.clientY))
    if (!p) return
    if (g.mode === 'draw') this.setSteps(p.s > g.from ? tieRange(g.base, g.from, p.s) : g.base)
    else if (g.mode === 'erase' && p.m === g.midi && cellState(this.steps, p.s, p.m) === 'on') this.setSteps(removeNote(this.steps, p.s, p.m))
  }

  private onPointerUp = (e: PointerEvent): void => {
    const g = this.gesture
    if (!g || e.pointerId !== g.id) return
    this.gesture = null
    this.el.classList.remove('tp-active')
    this.render()
    if (g.start !== this.steps) this.cb.onCommit(this.control, { steps: this.steps.slice() })
  }

  // A click from the keyboard (Space, Enter) has detail 0; pointer presses were handled on pointerdown.
  private onClick = (e: MouseEvent): void => {
    const p = this.at(e.target)
    if (!p || e.detail !== 0 || this.gesture) return
    const next = (e.shiftKey ? extendTo(this.steps, p.s, p.m) : null) ?? toggleCell(this.steps, p.s, p.m)
    this.setSteps(next)
    this.cb.onCommit(this.control, { steps: next.slice() })
  }

  private onKey = (e: KeyboardEvent): void => {
    const p = this.at(e.target)
    if (!p) return
    const d: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }
    let to: [number, number] | null = null
    if (d[e.key]) to = [p.s + d[e.key][0], p.m + d[e.key][1] * (e.shiftKey ? 12 : 1)]
    else if (e.key === 'Home') to = [0, p.m]
    else if (e.key === 'End') to = [this.cols - 1, p.m]
    if (!to) return
    e.preventDefault()
    this.moveFocus(to[0], to[1], true)
  }
}
