/// Names for patches: shown in the Recent list, used for downloaded files.
/// A patch names itself with a comment on its first line (`# Acid line: a squelchy 303`);
/// otherwise it is named after the time it was saved.

const MAX_NAME = 48

/// The first line's comment, without `#` and surrounding space, or null.
export function firstComment(text: string): string | null {
  const first = /^[ \t]*#[ \t#]*([^\r\n]*)/.exec(text.replace(/^\ufeff/, ''))
  const comment = first?.[1].trim()
  return comment ? comment : null
}

/// A short display name: the first-line comment up to its first `:` / ` - ` / ` — `
/// (what follows is a description), else `Patch YYYY-MM-DD HH:MM` in local time.
export function patchName(text: string, savedAt: Date): string {
  const comment = firstComment(text)
  if (comment) {
    const title = comment.split(/:\s| [-–—] /)[0].trim() || comment
    return title.length > MAX_NAME ? title.slice(0, MAX_NAME - 1).trimEnd() + '…' : title
  }
  return `Patch ${formatDate(savedAt)}`
}

/// The description part of the first-line comment (after the title), or the whole comment.
export function patchDescription(text: string): string {
  const comment = firstComment(text) ?? ''
  const parts = comment.split(/:\s| [-–—] /)
  return parts.length > 1 ? parts.slice(1).join(': ').trim() : comment
}

export function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/// A file name for `text`: its name with characters that file systems refuse or that mislead
/// (path separators, control characters, leading dots) replaced, then `.EXT`.
export function fileNameFor(text: string, savedAt: Date, ext: string): string {
  const base = patchName(text, savedAt)
    .replace(/…$/, '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]+/g, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
  return `${base || 'patch'}.${ext}`
}
