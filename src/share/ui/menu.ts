/// A menu button (WAI-ARIA menu pattern): a button that opens a list of actions, reachable and
/// usable from the keyboard (Enter, Space or ArrowDown open it; arrows, Home and End move; Enter
/// picks; Escape or Tab closes).

export interface MenuItem {
  label: string
  /// A second, quieter line (an example's description, a patch's date).
  detail?: string
  run: () => void
}

export interface MenuButton {
  root: HTMLElement
  button: HTMLButtonElement
  close(): void
}

let menus = 0

export function menuButton(label: string, items: () => MenuItem[], emptyText: string): MenuButton {
  const id = `tl-menu-${++menus}`
  const root = document.createElement('div')
  root.className = 'tl-menu'
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent = label
  button.setAttribute('aria-haspopup', 'menu')
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-controls', id)
  const list = document.createElement('div')
  list.id = id
  list.className = 'tl-menu-list'
  list.setAttribute('role', 'menu')
  list.setAttribute('aria-label', label)
  list.hidden = true
  root.append(button, list)

  const entries = (): HTMLElement[] => [...list.querySelectorAll<HTMLElement>('[role="menuitem"]')]
  const focusAt = (i: number) => {
    const all = entries()
    if (all.length === 0) return
    all[(i + all.length) % all.length].focus()
  }

  const open = (focus: 'first' | 'last') => {
    list.replaceChildren()
    const current = items()
    if (current.length === 0) {
      const empty = document.createElement('div')
      empty.className = 'tl-menu-empty'
      empty.textContent = emptyText
      list.append(empty)
    }
    for (const item of current) {
      const el = document.createElement('button')
      el.type = 'button'
      el.setAttribute('role', 'menuitem')
      el.tabIndex = -1
      el.setAttribute('aria-label', item.label)
      if (item.detail) el.setAttribute('aria-description', item.detail)
      const title = document.createElement('span')
      title.className = 'tl-menu-title'
      title.textContent = item.label
      el.append(title)
      if (item.detail) {
        const detail = document.createElement('span')
        detail.className = 'tl-menu-detail'
        detail.textContent = item.detail
        el.append(detail)
      }
      el.addEventListener('click', () => {
        close(true)
        item.run()
      })
      list.append(el)
    }
    list.hidden = false
    button.setAttribute('aria-expanded', 'true')
    focusAt(focus === 'first' ? 0 : -1)
    document.addEventListener('pointerdown', onOutside, true)
  }

  const close = (refocus = false) => {
    if (list.hidden) return
    list.hidden = true
    button.setAttribute('aria-expanded', 'false')
    document.removeEventListener('pointerdown', onOutside, true)
    if (refocus) button.focus()
  }

  const onOutside = (e: Event) => {
    if (!root.contains(e.target as Node)) close()
  }

  button.addEventListener('click', () => (list.hidden ? open('first') : close()))
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      open(e.key === 'ArrowDown' ? 'first' : 'last')
    }
  })
  list.addEventListener('keydown', (e) => {
    const all = entries()
    const at = all.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'ArrowDown') focusAt(at + 1)
    else if (e.key === 'ArrowUp') focusAt(at - 1)
    else if (e.key === 'Home') focusAt(0)
    else if (e.key === 'End') focusAt(-1)
    else if (e.key === 'Escape') close(true)
    else if (e.key === 'Tab') close()
    else return
    if (e.key !== 'Tab') e.preventDefault()
  })
  return { root, button, close: () => close() }
}
