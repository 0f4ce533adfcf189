/// The knob and the fader: one widget, two shapes. A knob is dragged vertically, a fader along
/// its (horizontal) track; both take the mouse wheel, arrow, Page, Home and End keys, Shift for
/// fine steps, Escape to cancel a drag, and a double-click (or Enter) to type a value. Moves are
/// even on the control's curve: an `exp` knob moves by equal ratios.

import type { Control } from '../language/patch-data.ts'
import { decimalsFor, displayValue, fromNorm, parseTyped, roundValue, toNorm, type Unit } from './scale.ts'
import type { PanelCallbacks, Widget } from './types.ts'

/// Pixels of drag for the whole range; Shift makes it ten times finer.
const DRAG_PX = 200
const FINE = 0.1
const KEY_STEP = 0.01
const PAGE_STEP = 0.1
/// A wheel gesture ends (and is written into the text once) after this much quiet.
const WHEEL_IDLE_MS = 400

const SVG = 'http://www.w3.org/2000/svg'
// The knob's arc runs from 7:30 to 4:30, 270 degrees.
const ARC_START = 135
const ARC_SWEEP = 270

export class SliderWidget implements Widget {
  readonly el: HTMLElement
  private readonly handle: HTMLElement
  private readonly out: HTMLElement
  private readonly nameEl: HTMLElement
  private readonly ccEl: HTMLElement
  private readonly valueArc?: SVGPathElement
  private readonly pointer?: SVGLineElement
  private readonly fill?: HTMLElement
  private readonly thumb?: HTMLElement
  private control: Control
  private unit: Unit = null
  private value: number
  /// The value when the running gesture began; null when none runs.
  private start: number | null = null
  private wheelTimer: ReturnType<typeof setTimeout> | null = null
  private drag: { id: number; y: number; x: number; p: number } | null = null
  private editor: HTMLInputElement | null = null

  constructor(
    control: Control,
    unit: Unit,
    private readonly cb: PanelCallbacks,
  ) {
    this.control = control
    this.unit = unit
    this.value = control.value
    const knob = control.kind === 'knob'
    this.el = h('div', `tp-ctl tp-${control.kind}`)
    const label = h('div', 'tp-label')
    this.nameEl = h('span', 'tp-name')
    this.ccEl = h('span', 'tp-cc')
    label.append(this.nameEl, this.ccEl)
    this.handle = h('div', 'tp-handle')
    this.handle.tabIndex = 0
    this.handle.setAttribute('role', 'slider')
    this.handle.setAttribute('aria-orientation', knob ? 'vertical' : 'horizontal')
    // A plain span, not <output>: that is a live region, and the slider's aria-valuetext already
    // tells assistive technology the value.
    this.out = h('span', 'tp-value')
    this.out.setAttribute('aria-hidden', 'true')
    if (knob) {
      const svg = document.createElementNS(SVG, 'svg')
      svg.setAttribute('viewBox', '0 0 48 48')
      svg.setAttribute('aria-hidden', 'true')
      const track = document.createElementNS(SVG, 'path')
      track.setAttribute('class', 'tp-arc-track')
      track.setAttribute('d', arc(0, 1))
      this.valueArc = document.createElementNS(SVG, 'path')
      this.valueArc.setAttribute('class', 'tp-arc-value')
      this.pointer = document.createElementNS(SVG, 'line')
      this.pointer.setAttribute('class', 'tp-pointer')
      svg.append(track, this.valueArc, this.pointer)
      this.handle.append(svg)
      this.el.append(this.handle, label, this.out)
    } else {
      const track = h('div', 'tp-track')
      this.fill = h('div', 'tp-fill')
      this.thumb = h('div', 'tp-thumb')
      track.append(this.fill, this.thumb)
      this.handle.append(track)
      const head = h('div', 'tp-fader-head')
      head.append(label, this.out)
      this.el.append(head, this.handle)
    }
    this.handle.addEventListener('pointerdown', this.onPointerDown)
    this.handle.addEventListener('pointermove', this.onPointerMove)
    this.handle.addEventListener('pointerup', this.onPointerUp)
    this.handle.addEventListener('pointercancel', this.onPointerUp)
    this.handle.addEventListener('lostpointercapture', this.onPointerUp)
    this.handle.addEventListener('wheel', this.onWheel, { passive: false })
    this.handle.addEventListener('keydown', this.onKey)
    this.handle.addEventListener('dblclick', () => this.openEditor())
    this.out.addEventListener('dblclick', () => this.openEditor())
    this.update(control, unit)
  }

  get busy(): boolean {
    return this.start !== null || this.editor !== null
  }

  update(control: Control, unit: Unit): void {
    this.control = control
    this.unit = unit
    if (!this.busy) this.value = control.value
    setText(this.nameEl, control.name)
    setText(this.ccEl, control.cc === null ? '' : `cc${control.cc}`)
    setAttr(this.handle, 'aria-label', control.name)
    setAttr(this.handle, 'aria-valuemin', String(control.min))
    setAttr(this.handle, 'aria-valuemax', String(control.max))
    this.render()
  }

  setStep(): void {}

  destroy(): void {
    if (this.wheelTimer) clearTimeout(this.wheelTimer)
    this.el.remove()
  }

  private render(): void {
    const c = this.control
    const text = displayValue(this.value, c, this.unit)
    setAttr(this.handle, 'aria-valuenow', String(this.value))
    setAttr(this.handle, 'aria-valuetext', text)
    setText(this.out, text)
    const p = toNorm(this.value, c)
    if (this.valueArc && this.pointer) {
      // A range across zero draws its arc from zero, as a bipolar knob does.
      const zero = c.min < 0 && c.max > 0 ? toNorm(0, c) : 0
      setAttr(this.valueArc, 'd', arc(Math.min(zero, p), Math.max(zero, p)))
      const a = ((ARC_START + ARC_SWEEP * p) * Math.PI) / 180
      setAttr(this.pointer, 'x1', String(24 + 8 * Math.cos(a)))
      setAttr(this.pointer, 'y1', String(24 + 8 * Math.sin(a)))
      setAttr(this.pointer, 'x2', String(24 + 17 * Math.cos(a)))
      setAttr(this.pointer, 'y2', String(24 + 17 * Math.sin(a)))
    }
    if (this.fill && this.thumb) {
      this.fill.style.width = `${p * 100}%`
      this.thumb.style.left = `${p * 100}%`
    }
  }

  // --- gestures -------------------------------------------------------------------------------

  private begin(): void {
    if (this.start === null) {
      this.start = this.value
      this.el.classList.add('tp-active')
    }
  }

  private set(v: number): void {
    const r = roundValue(v, this.control)
    if (r === this.value) return
    this.value = r
    this.render()
    this.cb.onInput(this.control, { value: r })
  }

  private end(): void {
    if (this.start === null) return
    const changed = this.value !== this.start
    this.start = null
    this.el.classList.remove('tp-active')
    if (changed) this.cb.onCommit(this.control, { value: this.value })
  }

  private cancel(): void {
    if (this.start === null) return
    this.set(this.start)
    this.end()
  }

  private onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || this.drag) return
    e.preventDefault()
    this.handle.focus()
    this.handle.setPointerCapture(e.pointerId)
    this.begin()
    let p = toNorm(this.value, this.control)
    // Pressing a fader's track away from its thumb jumps there; a knob and the thumb move relatively.
    if (this.thumb && e.target !== this.thumb && !e.shiftKey) {
      const r = this.handle.getBoundingClientRect()
      p = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width))
      this.set(fromNorm(p, this.control))
    }
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, p }
  }

  private onPointerMove = (e: PointerEvent): void => {
    const d = this.drag
    if (!d || e.pointerId !== d.id) return
    const fine = e.shiftKey ? FINE : 1
    let delta: number
    if (this.thumb) delta = (e.clientX - d.x) / Math.max(40, this.handle.getBoundingClientRect().width)
    else delta = (d.y - e.clientY) / DRAG_PX
    // Restart from here each move, so pressing or releasing Shift mid-drag never jumps.
    d.p = Math.min(1, Math.max(0, d.p + delta * fine))
    d.x = e.clientX
    d.y = e.clientY
    this.set(fromNorm(d.p, this.control))
  }

  private onPointerUp = (e: PointerEvent): void => {
    if (!this.drag || e.pointerId !== this.drag.id) return
    this.drag = null
    this.end()
  }

  private onWheel = (e: WheelEvent): void => {
    e.preventDefault()
    const px = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY
    const dp = Math.max(-0.05, Math.min(0.05, -px * 0.0002)) * (e.shiftKey ? FINE : 1)
    if (dp === 0) return
    this.begin()
    this.nudge(dp)
    this.endWhenQuiet()
  }

  /// A value from outside the panel (a MIDI controller): moves the widget as a gesture that ends,
  /// and is written into the text once, when the controller rests. Ignored during a drag.
  external(v: number): void {
    if (this.drag || this.editor) return
    this.begin()
    this.set(v)
    this.endWhenQuiet()
  }

  private endWhenQuiet(): void {
    if (this.wheelTimer) clearTimeout(this.wheelTimer)
    this.wheelTimer = setTimeout(() => {
      this.wheelTimer = null
      if (!this.drag) this.end()
    }, WHEEL_IDLE_MS)
  }

  /// Moves by dp on the curve, and by at least one written digit so a step is never lost to rounding.
  private nudge(dp: number): void {
    const c = this.control
    const before = this.value
    this.set(fromNorm(toNorm(before, c) + dp, c))
    if (this.value === before && toNorm(before, c) + dp > 0 && toNorm(before, c) + dp < 1) {
      const d = 10 ** -decimalsFor(before, c)
      this.set(before + Math.sign(dp) * d)
    }
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.drag) {
      this.drag = null
      this.cancel()
      e.preventDefault()
      return
    }
    if (e.key === 'Enter') {
      this.openEditor()
      e.preventDefault()
      return
    }
    const fine = e.shiftKey ? FINE : 1
    const c = this.control
    let action: (() => void) | null = null
    switch (e.key) {
      case 'ArrowUp':
      case 'ArrowRight':
        action = () => this.nudge(KEY_STEP * fine)
        break
      case 'ArrowDown':
      case 'ArrowLeft':
        action = () => this.nudge(-KEY_STEP * fine)
        break
      case 'PageUp':
        action = () => this.nudge(PAGE_STEP)
        break
      case 'PageDown':
        action = () => this.nudge(-PAGE_STEP)
        break
      case 'Home':
        action = () => this.set(c.min)
        break
      case 'End':
        action = () => this.set(c.max)
        break
    }
    if (!action) return
    e.preventDefault()
    if (this.drag) return void action()
    // Each key press is one gesture: one edit in the text, one step of undo.
    const wheel = this.start !== null
    this.begin()
    action()
    if (!wheel) this.end()
  }

  // --- typing a value -----------------------------------------------------------------------

  private openEditor(): void {
    if (this.editor) return
    const input = document.createElement('input')
    input.className = 'tp-edit'
    input.type = 'text'
    input.value = displayValue(this.value, this.control, this.unit)
    input.setAttribute('aria-label', `${this.control.name} value`)
    this.editor = input
    this.out.replaceWith(input)
    input.focus()
    input.select()
    let done = false
    const close = (commit: boolean) => {
      if (done) return
      done = true
      const v = commit ? parseTyped(input.value) : null
      this.editor = null
      input.replaceWith(this.out)
      this.handle.focus()
      if (v !== null) {
        this.begin()
        this.set(v)
        this.end()
      } else this.render()
    }
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') close(true)
      else if (e.key === 'Escape') close(false)
      else return
      e.preventDefault()
      e.stopPropagation()
    })
    input.addEventListener('blur', () => close(true))
  }
}

function arc(p0: number, p1: number): string {
  const r = 18
  const a0 = ((ARC_START + ARC_SWEEP * p0) * Math.PI) / 180
  const a1 = ((ARC_START + ARC_SWEEP * p1) * Math.PI) / 180
  if (p1 - p0 < 1e-4) return ''
  const large = (p1 - p0) * ARC_SWEEP > 180 ? 1 : 0
  const f = (n: number) => n.toFixed(2)
  return `M ${f(24 + r * Math.cos(a0))} ${f(24 + r * Math.sin(a0))} A ${r} ${r} 0 ${large} 1 ${f(24 + r * Math.cos(a1))} ${f(24 + r * Math.sin(a1))}`
}

/// Writes an attribute or a text only when it differs: the panel is updated after every compile,
/// and an unchanged control must not touch the DOM (no style recalculation, no screen-reader
/// announcement, no mutation for observers).
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value)
}

export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  el.className = cls
  return el
}
