/// A stand-in for the Web MIDI API, injected before the page loads (`page.addInitScript`), since
/// no hardware is attached. `window.__midiStub` plays the device: `send(bytes)` delivers a
/// message from the first input, `plug(name)` / `unplug(id)` fire `statechange`.

import type { Page } from '@playwright/test'

export interface StubOptions {
  /// Inputs present when access is granted.
  inputs?: string[]
  /// 'deny' rejects the request; 'absent' leaves `navigator.requestMIDIAccess` undefined.
  mode?: 'grant' | 'deny' | 'absent'
}

export async function installMidiStub(page: Page, opts: StubOptions = {}): Promise<void> {
  await page.addInitScript((o: StubOptions) => {
    const mode = o.mode ?? 'grant'
    const inputs = new Map<string, { id: string; name: string; state: string; onmidimessage: ((e: { data: Uint8Array }) => void) | null }>()
    const access = { inputs, outputs: new Map(), onstatechange: null as null | ((e: unknown) => void), sysexEnabled: false }
    let next = 1
    const stub = {
      requests: 0,
      plug(name: string) {
        const id = `in${next++}`
        const port = { id, name, state: 'connected', onmidimessage: null }
        inputs.set(id, port)
        access.onstatechange?.({ port })
        return id
      },
      unplug(id: string) {
        const port = inputs.get(id)
        if (!port) return
        port.state = 'disconnected'
        inputs.delete(id)
        access.onstatechange?.({ port })
      },
      /// Delivers a message from an input (the first by default); false if nobody listens.
      send(bytes: number[], id?: string) {
        const port = id ? inputs.get(id) : [...inputs.values()][0]
        if (!port?.onmidimessage) return false
        port.onmidimessage({ data: new Uint8Array(bytes) })
        return true
      },
      get listening() {
        return [...inputs.values()].filter((p) => p.onmidimessage).length
      },
    }
    for (const name of o.inputs ?? ['Stand-in keys']) stub.plug(name)
    ;(window as unknown as { __midiStub: typeof stub }).__midiStub = stub
    if (mode === 'absent') {
      Object.defineProperty(Navigator.prototype, 'requestMIDIAccess', { value: undefined, configurable: true })
      return
    }
    Object.defineProperty(Navigator.prototype, 'requestMIDIAccess', {
      configurable: true,
      value: () => {
        stub.requests++
        return mode === 'deny' ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : Promise.resolve(access)
      },
    })
  }, opts)
}
