/// The Render button with its length field, unit and progress bar.

import type { LengthUnit } from '../render.ts'

export interface RenderControls {
  root: HTMLElement
  button: HTMLButtonElement
  amount(): number
  unit(): LengthUnit
  /// Shows progress 0..1 and a Cancel button; null hides them.
  progress(fraction: number | null): void
  onRender(run: () => void): void
  onCancel(run: () => void): void
}

export function createRenderControls(): RenderControls {
  const root = document.createElement('div')
  root.className = 'tl-render'
  root.setAttribute('role', 'group')
  root.setAttribute('aria-label', 'Render to WAV')
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent = 'Render'
  button.title = 'Render the patch offline and download it as a WAV file'
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
  for (const [value, label] of [['seconds', 's'], ['bars', 'bars']]) {
    const o = document.createElement('option')
    o.value = value
    o.textContent = label
    unit.append(o)
  }
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
  root.append(button, amount, unit, bar, cancel)

  // Enter in the length field renders, as a form would.
  amount.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') button.click()
  })

  return {
    root,
    button,
    amount: () => amount.valueAsNumber,
    unit: () => unit.value as LengthUnit,
    progress(fraction) {
      const busy = fraction !== null
      bar.hidden = !busy
      cancel.hidden = !busy
      button.disabled = busy
      if (busy) bar.value = fraction
    },
    onRender: (run) => button.addEventListener('click', run),
    onCancel: (run) => cancel.addEventListener('click', run),
  }
}
