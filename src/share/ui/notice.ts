/// One place for the sharing tools' messages: a line above the editor that says what happened
/// and, when something was displaced, offers it back in one click.

export interface NoticeAction {
  label: string
  run: () => void
}

export interface Notice {
  root: HTMLElement
  show(kind: 'info' | 'error', message: string, actions?: NoticeAction[]): void
  clear(): void
}

export function createNotice(): Notice {
  const root = document.createElement('div')
  root.className = 'tl-notice'
  root.hidden = true
  // Two live regions: errors interrupt a screen reader, other news waits its turn.
  const text = document.createElement('span')
  text.className = 'tl-notice-text'
  const actions = document.createElement('span')
  actions.className = 'tl-notice-actions'
  const dismiss = document.createElement('button')
  dismiss.type = 'button'
  dismiss.className = 'tl-notice-close'
  dismiss.textContent = '×'
  dismiss.setAttribute('aria-label', 'Dismiss message')
  root.append(text, actions, dismiss)

  const clear = () => {
    root.hidden = true
    text.textContent = ''
    actions.replaceChildren()
  }
  dismiss.addEventListener('click', clear)

  return {
    root,
    show(kind, message, list = []) {
      root.hidden = false
      root.dataset.kind = kind
      root.setAttribute('role', kind === 'error' ? 'alert' : 'status')
      text.textContent = message
      actions.replaceChildren(
        ...list.map((a) => {
          const b = document.createElement('button')
          b.type = 'button'
          b.textContent = a.label
          b.addEventListener('click', () => {
            clear()
            a.run()
          })
          return b
        }),
      )
    },
    clear,
  }
}
