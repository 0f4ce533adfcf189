/// The example patches of `patches/`, bundled into the page. Each names and describes itself in
/// its first line: `# Title: what it shows`.

import { patchDescription, patchName } from '../storage/patch-name.ts'

export interface Example {
  /// The file name without `.patch`.
  id: string
  title: string
  description: string
  text: string
}

const files = import.meta.glob('../../patches/*.patch', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>

export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, text]) => ({
    id: path.replace(/^.*\/|\.patch$/g, ''),
    title: patchName(text, new Date(0)),
    description: patchDescription(text),
    text,
  }))
  .sort((a, b) => a.title.localeCompare(b.title))
