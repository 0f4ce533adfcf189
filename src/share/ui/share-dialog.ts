/// Shows a share link, selected so that Ctrl+C copies it even where the clipboard API is refused,
/// with a Copy button and a note on whether the link is already on the clipboard.

export interface ShareDialog {
  root: HTMLElement
  /// Shows `url`; focus returns to `opener` when the dialog closes.
  show(url: string, copied: boolean, opener?: HTMLElement): void
  hide(): void
}

export function createShareDialog(): ShareDialog {
  const root = document.createElement('div')
  root.className = 'tl-share-dialog'
  root.setAttribute('role', 'dialog')
  root.setAttribute('aria-label', 'Share link')
  root.hidden = true
  const label = document.createElement('label')
  label.textContent = 'Link to this patch'
  const field = document.createElement('input')
  field.type = 'text'
  field.readOnly = true
  field.spellcheck = false
  field.className = 'tl-share-url'
  label.append(field)
  const status = document.createElement('span')
  status.className = 'tl-share-status'
  status.setAttribute('role', 'status')
  const copy = document.createElement('button')
  copy.type = 'button'
  copy.textContent = 'Copy link'
  const close = document.createElement('button')
  close.type = 'button'
  close.textContent = 'Close'
  root.append(label, copy, close, status)

  let opener: HTMLElement | undefined
  const hide = () => {
    const hadFocus = root.contains(document.activeElement)
    root.hidden = true
    if (hadFocus) opener?.focus()
  }
  copy.addEventListener('click', async () => {
    field.select()
    status.textContent = (await copyText(field.value)) ? 'Copied.' : 'Press Ctrl+C (⌘C) to copy the selected link.'
  })
  close.addEventListener('click', hide)
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide()
  })

  return {
    root,
    show(url, copied, from) {
      opener = from
      root.hidden = false
      field.value = url
      status.textContent = copied
        ? `Link copied to the clipboard (${url.length} characters).`
        : 'Press Ctrl+C (⌘C) to copy the selected link.'
      field.focus()
      field.select()
    },
    hide,
  }
}

/// Writes to the clipboard; false where the page may not (no permission, insecure origin).
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
