/// Patch files: reading one the musician opened or dropped, and downloading text or audio.
/// A file is as untrusted as a link: it becomes editor text or a message, nothing else.

import { MAX_TEXT_BYTES, checkText } from './codec.ts'

export type ReadResult = { ok: true; text: string; name: string } | { ok: false; message: string }

/// The text of a `.patch` file (or any plain-text file), or why it cannot be opened.
export async function readPatchFile(file: Pick<File, 'name' | 'size' | 'arrayBuffer'>): Promise<ReadResult> {
  const what = `"${file.name}"`
  if (file.size > MAX_TEXT_BYTES) {
    return { ok: false, message: `${what} is ${Math.ceil(file.size / 1024)} KiB; a patch is plain text of at most ${MAX_TEXT_BYTES / 1024} KiB. Nothing was opened.` }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
  } catch {
    return { ok: false, message: `${what} is not a text file (it is not valid UTF-8). Nothing was opened.` }
  }
  if (text.includes('\u0000')) {
    return { ok: false, message: `${what} looks like a binary file, not a patch. Nothing was opened.` }
  }
  const problem = checkText(text)
  if (problem) return { ok: false, message: `${what} cannot be opened: ${problem}` }
  return { ok: true, text, name: file.name }
}

/// The first file of a drop or paste, if any.
export function firstFile(data: DataTransfer | null): File | null {
  return data && data.files.length > 0 ? data.files[0] : null
}

/// Makes the browser download `data` as `name`.
export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
