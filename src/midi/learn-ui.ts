/// MIDI learn on the panel's knobs and faders: a context menu (right click, the Menu key or
/// Shift+F10 on a focused control) with "MIDI learn" and "Forget cc N", and the `M` key on a
/// focused knob or fader as a shortcut. While learning, the control is marked and the status
/// says what to do; Escape cancels. The panel's own code is not touched: controls are found in
/// its DOM by their `role="slider"` handle, whose accessible name is the control's name.

import type { LearnTarget } from './learn.ts'

export interface LearnUiOptions {
  /// The mapping a control has now.
  ccOf(name: string): number | null
  /// Which control is learning, if any.
  learning(): LearnTarget | null
  startLearn(t: LearnTarget): void
  cancelLearn(): void
  forget(t: LearnTarget): void
}

/// The knob or fader an element belongs to, read from the panel's DOM.
export function controlAt(el: EventTarget | null): { target: LearnTarget; root: HTMLElement; handle: HTMLElement } | null {
  if (!el || !(el as Element).closest) return null
  const root = (el as Element).closest<HTMLElement>('.tp-ctl')
  if (!root) return null
  const handle = root.querySelector<HTMLElement>('[role="slider"]')
  if (!handle) return null
  // The panel keys each widget `kind:name` (data-key); its handle is named after the control.
  const [keyKind, keyName] = (root.dataset.key ?? '').split(':')
  const kind = keyKind || (root.classList.contains('tp-knob') ? 'knob' : root.classList.contains('tp-fader') ? 'fader' : null)
  if (kind !== 'knob' && kind !== 'fader') return null
  const name = keyName || handle.getAttribute('aria-label') || root.querySelector('.tp-name')?.textContent || ''
  if (!name) return null
  return { target: { kind, name }, root, handle }
}

export class LearnUi {
  private menu: HTMLElement | null = null
  private menuFor: HTMLElement | null = null

  constructor(
    private readonly panel: HTMLElement,
    private readonly opts: LearnUiOptions,
  ) {
    panel.addEventListener('contextmenu', this.onContextMenu)
    panel.addEventListener('keydown', this.onKey)
    document.addEventListener('keydown', this.onEscape, true)
  }

  destroy(): void {
    this.closeMenu()
    this.panel.removeEventListener('contextmenu', this.onContextMenu)
    this.panel.removeEventListener('keydown', this.onKey)
    document.removeEventListener('keydown', this.onEscape, true)
  }

  /// Marks the learning control (after the panel redraws, too).
  refresh(): void {
    const t = this.opts.learning()
    for (const el of this.panel.querySelectorAll<HTMLElement>('.tp-midi-learning')) {
      el.classList.remove('tp-midi-learning')
      el.querySelector('[role="slider"]')?.removeAttribute('aria-busy')
    }
    if (!t) return
    for (const h of this.panel.querySelectorAll<HTMLElement>('[role="slider"]')) {
      const c = controlAt(h)
      if (c && c.target.kind === t.kind && c.target.name === t.name) {
        c.root.classList.add('tp-midi-learning')
        h.setAttribute('aria-busy', 'true')
      }
    }
  }

  toggle(t: LearnTarget): void {
    const l = this.opts.learning()
    if (l && l.kind === t.kind && l.name === t.name) this.opts.cancelLearn()
    else this.opts.startLearn(t)
    this.refresh()
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.key !== 'm' && e.key !== 'M')) return
    const c = controlAt(e.target)
    if (!c || e.target !== c.handle) return
    e.preventDefault()
    this.toggle(c.target)
  }

  private readonly onEscape = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return
    if (this.menu) {
      e.preventDefault()
      e.stopPropagation()
      const back = this.menuFor
      this.closeMenu()
      back?.focus()
      return
    }
    if (this.opts.learning()) {
      e.preventDefault()
      this.opts.cancelLearn()
      this.refresh()
    }
  }

  private readonly onContextMenu = (e: MouseEvent): void => {
    const c = controlAt(e.target)
    if (!c) return
    e.preventDefault()
    // The Menu key gives no pointer position: open the menu under the control.
    const r = c.handle.getBoundingClientRect()
    const keyboard = e.button !== 2 || (e.clientX === 0 && e.clientY === 0)
    this.openMenu(c.target, c.handle, keyboard ? r.left : e.clientX, keyboard ? r.bottom : e.clientY)
  }

  private openMenu(t: LearnTarget, handle: HTMLElement, x: number, y: number): void {
    this.closeMenu()
    const menu = document.createElement('div')
    menu.className = 'tp-midi-menu'
    menu.setAttribute('role', 'menu')
    menu.setAttribute('aria-label', `MIDI for ${t.name}`)
    const learning = this.opts.learning()
    const isLearning = learning?.kind === t.kind && learning.name === t.name
    const items: [string, () => void][] = [[isLearning ? 'Cancel MIDI learn' : 'MIDI learn', () => this.toggle(t)]]
    const cc = this.opts.ccOf(t.name)
    if (cc !== null) items.push([`Forget cc ${cc}`, () => this.opts.forget(t)])
    for (const [label, run] of items) {
      const b = document.createElement('button')
      b.type = 'button'
      b.setAttribute('role', 'menuitem')
      b.tabIndex = -1
      b.textContent = label
      if (!isLearning && label === 'MIDI learn') {
        b.setAttribute('aria-keyshortcuts', 'M')
        const hint = document.createElement('kbd')
        hint.setAttribute('aria-hidden', 'true')
        hint.textContent = 'M'
        b.append(hint)
      }
      b.addEventListener('click', () => {
        this.closeMenu()
        handle.focus()
        run()
      })
      menu.append(b)
    }
    menu.addEventListener('keydown', (e) => {
      const buttons = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')]
      const i = buttons.indexOf(document.activeElement as HTMLElement)
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus()
      } else if (e.key === 'Tab') {
        e.preventDefault()
        this.closeMenu()
        handle.focus()
      }
    })
    menu.style.left = `${Math.round(x)}px`
    menu.style.top = `${Math.round(y)}px`
    document.body.append(menu)
    this.menu = menu
    this.menuFor = handle
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    document.addEventListener('pointerdown', this.onOutside, true)
  }

  private readonly onOutside = (e: PointerEvent): void => {
    if (this.menu && !this.menu.contains(e.target as Node)) this.closeMenu()
  }

  private closeMenu(): void {
    document.removeEventListener('pointerdown', this.onOutside, true)
    this.menu?.remove()
    this.menu = null
    this.menuFor = null
  }
}
