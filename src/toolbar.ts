/// The toolbar: transport (Play, Stop), the compile status, a slot for other parts' tools, and
/// the engine's meters (sample rate, load per block, voices).

import type { Toolbar, ToolbarButton } from './app.ts'
import type { HostState } from './audio/host.ts'

export interface ToolbarElements {
  play: HTMLButtonElement
  stop: HTMLButtonElement
  status: HTMLElement
  tools: HTMLElement
  rate: HTMLElement
  load: HTMLElement
  loadBar: HTMLElement
  voices: HTMLElement
}

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new RangeError(`index.html has no element #${id}`)
  return el as T
}

export function toolbarElements(): ToolbarElements {
  return {
    play: byId('play'),
    stop: byId('stop'),
    status: byId('status'),
    tools: byId('tools'),
    rate: byId('rate'),
    load: byId('load'),
    loadBar: byId('load-bar'),
    voices: byId('voices'),
  }
}

export class ToolbarView implements Toolbar {
  private flashTimer = 0
  private statusText = ''
  private statusKind = ''

  constructor(readonly els: ToolbarElements) {}

  get slot(): HTMLElement {
    return this.els.tools
  }

  addButton(b: ToolbarButton): HTMLButtonElement {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'tool'
    if (b.title) button.title = b.title
    if (b.icon) {
      const icon = document.createElement('span')
      icon.className = 'icon'
      icon.setAttribute('aria-hidden', 'true')
      icon.textContent = b.icon
      button.append(icon)
    }
    button.append(b.label)
    button.addEventListener('click', (e) => b.onClick(e))
    this.els.tools.append(button)
    return button
  }

  /// The compile status: `ok` (with timing), `error` (first message), or `info`. It replaces a
  /// flashed message at once: what the last edit did matters more.
  setStatus(kind: 'ok' | 'error' | 'info', text: string): void {
    this.statusKind = kind
    this.statusText = text
    clearTimeout(this.flashTimer)
    this.flashTimer = 0
    this.showStatus(kind, text)
  }

  flash(message: string, ms = 2500): void {
    clearTimeout(this.flashTimer)
    this.showStatus('info', message)
    this.flashTimer = window.setTimeout(() => {
      this.flashTimer = 0
      this.showStatus(this.statusKind, this.statusText)
    }, ms)
  }

  private showStatus(kind: string, text: string): void {
    this.els.status.dataset.kind = kind
    this.els.status.textContent = text
    this.els.status.title = text
  }

  setTransport(state: HostState): void {
    document.body.dataset.audio = state
    this.els.play.setAttribute('aria-pressed', String(state === 'playing'))
    this.els.play.disabled = state === 'starting'
  }

  setSampleRate(hz: number | null): void {
    this.els.rate.textContent = hz ? `${(hz / 1000).toFixed(1)} kHz` : '— kHz'
  }

  /// Load is the share of the render budget per block (0..1).
  setStats(load: number, voices: number): void {
    const pct = load * 100
    this.els.load.textContent = `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`
    this.els.loadBar.style.transform = `scaleX(${Math.min(1, Math.max(0, load))})`
    this.els.loadBar.dataset.level = load > 0.8 ? 'high' : load > 0.5 ? 'mid' : 'low'
    this.els.voices.textContent = String(voices)
  }
}
