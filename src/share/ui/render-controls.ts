/// Render to WAV: a toolbar button that opens a small panel with the length (seconds or bars),
/// the button that starts the render, its progress bar and Cancel. The panel keeps the toolbar
/// short, so the compile status beside it keeps its room.

import type { LengthUnit } from '../render.ts'

export interface RenderControls {
  root: HTMLElement
  /// The toolbar button (opens the panel).
  toggle: HTMLButtonElement
  amount(): number
  unit(): LengthUnit
  /// Shows progress 0..1 and a Cancel button; null hides them.
  progress(fraction: number | null): void
  onRender(run: () => void): void
  onCancel(run: () => void): void
}

export function createRenderControls(): RenderControls {
  const root = document.createElement('div')
  root.className = 'tl-menu tl-render'
  const toggle = document.createElement('button')
  toggle.type = 'button'
  toggle.className = 'tool'
  toggle.textContent = 'Render…'
  toggle.title = 'Render the patch offline to a WAV file'
  toggle.setAttribute('aria-haspopup', 'dialog')
  toggle.setAttribute('aria-expanded', 'false')

  const panel = document.createElement('div')
  panel.className = 'tl-menu-list tl-render-panel'
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-label', 'Render to WAV')
  panel.hidden = true

  const label = document.createElement('label')
  label.textContent = 'Length '
  const amount = document.createElement('input')
  amount.type = 'number'
  amount.min = '0.1'
  amount.max = '600'
  amount.step = 'any'
  amount.value = '8'
  amount.setAttribute('aria-label', 'Render length')
  amount.className = 'tl-render-amount'
  const unit = document.createElement('select')
  unit.setAttribute('aria-label', 'Render length unit')
  for (const [value, text] of [['seconds', 'seconds'], ['bars', 'bars (4/4)']]) {
    const o = document.createElement('option')
    o.value = value
    o.textContent = text
    unit.append(o)
  }
  label.append(amount, unit)

  const start = document.createElement('button')
  start.type = 'button'
  start.textContent = 'Render WAV'
  const bar = document.createElement('progress')
  bar.max = 1
  bar.value = 0
  bar.hidden = true
  bar.setAttribute('aria-label', 'Render progress')
  const cancel = document.createElement('button')
  cancel.type = 'button'
  cancel.textContent = 'Cancel'
  cancel.setAttribute('aria-label', 'Cancel render')
  cancel.hidden = true
  const row = document.createElement('div')
  row.className = 'tl-render-row'
  row.append(start, bar, cancel)
  panel.append(label, row)
  root.append(toggle, panel)

  const open = () => {
    panel.hidden = false
    toggle.setAttribute('aria-expanded', 'true')
    amount.focus()
    amount.select()
    document.addEventListener('pointerdown', onOutside, true)
  }
  const close = (refocus: boolean) => {
    panel.hidden = true
    toggle.setAttribute('aria-expanded', 'false')
    document.removeEventListener('pointerdown', onOutside, true)
    if (refocus) toggle.focus()
  }
  const onOutside = (e: Event) => {
    if (!root.contains(e.target as Node)) close(false)
  }
  toggle.addEventListener('click', () => (panel.hidden ? open() : close(false)))
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      close(true)
    } else if (e.key === 'Enter' && (e.target === amount || e.target === unit)) {
      e.preventDefault()
      start.click()
    }
  })

  return {
    root,
    toggle,
    amount: () => amount.valueAsNumber,
    unit: () => unit.value as LengthUnit,
    progress(fraction) {
      const busy = fraction !== null
      bar.hidden = !busy
      cancel.hidden = !busy
      start.disabled = busy
      toggle.setAttribute('aria-busy', String(busy))
      toggle.textContent = busy ? `Rendering ${Math.floor(fraction * 100)}%` : 'Render…'
      if (busy) bar.value = fraction
      else if (panel.contains(document.activeElement) || document.activeElement === document.body) start.focus()
    },
    onRender: (run) => start.addEventListener('click', run),
    onCancel: (run) => cancel.addEventListener('click', run),
  }
}
