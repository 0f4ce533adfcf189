/// Where the built engine worklet lives. Vite's `?worker&url` bundles `worklet/processor.ts` with
/// its imports into one script for `audioWorklet.addModule` (plain `?url` would copy raw
/// TypeScript into the build). The glob keeps the page building while the engine is not on
/// this branch yet: it then finds no file and `processorUrl()` returns null.

const found = import.meta.glob<string>('../../worklet/processor.ts', { query: '?worker&url', import: 'default', eager: true })

export function processorUrl(): string | null {
  return Object.values(found)[0] ?? null
}
