/// The step_seq widget: a row of toggle buttons (wrapping every 16 steps, grouped by four).
/// A press toggles a step; dragging across others paints them the same way; the whole drag is one
/// edit. Arrow keys move between steps, Space or Enter toggles. The step playing now is lit.

import type { Control, Step } from '../language/patch-data.ts'
import { sameSteps, stepText } from './rewrite.ts'
import { h } from './slider.ts'
import type { PanelCallbacks, Widget } from './types.ts'

const HIT: Step = { k: 'hit' }
const REST: Step = { k: 'rest' }

export function isOn(s: Step): boolean {
  return s.k !== 'rest' && s.k !== 'tie'
}

export class StepSeqWidget implements Widget {
  readonly el: HTMLElement
  private readonly row: HTMLElement
  private readonly nameEl: HTMLElement
  private buttons: HTMLButtonElement[] = []
  private control: Control
  private steps: Step[]
  private paint: { id: number; on: boolean; start: Step[] } | null = null
  private playing: number | null = null
  private focusIndex = 0

  constructor(
    control: Control,
    private readonly cb: PanelCallbacks,
  ) {
    this.control = control
    this.steps = control.steps.slice()
    this.el = h('div', 'tp-ctl tp-step_seq')
    const label = h('div', 'tp-label')
    this.nameEl = h('span', 'tp-name')
    label.append(this.nameEl)
    this.row = h('div', 'tp-steps')
    this.row.setAttribute('role', 'group')
    this.el.append(label, this.row)
    this.row.addEventListener('pointerdown', this.onPointerDown)
    this.row.addEventListener('pointermove', this.onPointerMove)
    this.row.addEventListener('pointerup', this.onPointerUp)
    this.row.addEventListener('pointercancel', this.onPointerUp)
    this.row.addEventListener('click', this.onClick)
    this.row.addEventListener('keydown', this.onKey)
    this.nameEl.textContent = control.name
    this.row.setAttribute('aria-label', control.name)
    this.render()
  }

  update(control: Control): void {
    this.control = control
    // Most compiles leave a step control as it was: then there is nothing to touch.
    if (this.paint || sameSteps(this.steps, control.steps)) return
    this.steps = control.steps.slice()
    this.nameEl.textContent = control.name
    this.row.setAttribute('aria-label', control.name)
    this.render()
  }

  setStep(step: number | null): void {
    if (step === this.playing) return
    if (this.playing !== null) this.buttons[this.playing]?.classList.remove('tp-now')
    this.playing = step
    if (step !== null) this.buttons[step]?.classList.add('tp-now')
  }

  destroy(): void {
    this.el.remove()
  }

  private render(): void {
    const n = this.steps.length
    while (this.buttons.length < n) {
      const i = this.buttons.length
      const b = h('button', 'tp-step')
      b.type = 'button'
      b.dataset.i = String(i)
      b.tabIndex = -1
      if (i % 4 === 0) b.classList.add('tp-beat')
      // Every other group of four is shaded, as on a drum machine.
      if (Math.floor(i / 4) % 2 === 1) b.classList.add('tp-alt')
      this.buttons.push(b)
      this.row.append(b)
    }
    while (this.buttons.length > n) this.buttons.pop()!.remove()
    this.focusIndex = Math.min(this.focusIndex, n - 1)
    this.buttons.forEach((b, i) => {
      const s = this.steps[i]
      const on = isOn(s)
      b.setAttribute('aria-label', `${this.control.name} step ${i + 1}`)
      b.setAttribute('aria-pressed', String(on))
      b.classList.toggle('tp-on', on)
      b.classList.toggle('tp-tie', s.k === 'tie')
      const t = s.k === 'value' || s.k === 'notes' ? stepText(s) : ''
      if (b.textContent !== t) b.textContent = t
      b.title = `step ${i + 1}: ${stepText(s)}`
      b.tabIndex = i === this.focusIndex ? 0 : -1
      b.classList.toggle('tp-now', i === this.playing)
    })
  }

  private indexOf(target: EventTarget | null): number {
    const b = target instanceof Element ? target.closest<HTMLElement>('.tp-step') : null
    if (!b || !this.row.contains(b)) return -1
    return Number(b.dataset.i)
  }

  private setSteps(next: Step[]): void {
    this.steps = next
    this.render()
    this.cb.onInput(this.control, { steps: next.slice() })
  }

  private paintAt(i: number): void {
    if (!this.paint || i < 0 || i >= this.steps.length) return
    if (isOn(this.steps[i]) === this.paint.on) return
    const next = this.steps.slice()
    // Painting a step on keeps what a tie or a number held only if it was already on.
    next[i] = this.paint.on ? HIT : REST
    this.setSteps(next)
  }

  private onPointerDown = (e: PointerEvent): void => {
    const i = this.indexOf(e.target)
    if (i < 0 || e.button !== 0 || this.paint) return
    this.focusIndex = i
    this.paint = { id: e.pointerId, on: !isOn(this.steps[i]), start: this.steps.slice() }
    // Capture on the row: moves keep arriving while the pointer (or a finger) crosses the buttons.
    this.row.setPointerCapture(e.pointerId)
    this.buttons[i].focus()
    this.el.classList.add('tp-active')
    this.paintAt(i)
  }

  private onPointerMove = (e: PointerEvent): void => {
    if (!this.paint || e.pointerId !== this.paint.id) return
    this.paintAt(this.indexOf(document.elementFromPoint(e.clientX, e.clientY)))
  }

  private onPointerUp = (e: PointerEvent): void => {
    if (!this.paint || e.pointerId !== this.paint.id) return
    const start = this.paint.start
    this.paint = null
    this.el.classList.remove('tp-active')
    if (start.some((s, i) => s !== this.steps[i])) this.cb.onCommit(this.control, { steps: this.steps.slice() })
  }

  // A click from the keyboard (Space, Enter) has detail 0; pointer clicks were handled on pointerdown.
  private onClick = (e: MouseEvent): void => {
    const i = this.indexOf(e.target)
    if (i < 0 || e.detail !== 0 || this.paint) return
    const next = this.steps.slice()
    next[i] = isOn(next[i]) ? REST : HIT
    this.setSteps(next)
    this.cb.onCommit(this.control, { steps: next.slice() })
  }

  private onKey = (e: KeyboardEvent): void => {
    const i = this.indexOf(e.target)
    if (i < 0) return
    const n = this.steps.length
    const to = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : null
    if (to === null) return
    e.preventDefault()
    this.focusIndex = Math.max(0, Math.min(n - 1, to))
    this.render()
    this.buttons[this.focusIndex].focus()
  }
}
