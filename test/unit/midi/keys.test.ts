import { describe, expect, it } from 'vitest'
import { ComputerKeyboard, KEY_VELOCITY } from '../../../src/midi/keys.ts'
import { parseMidi } from '../../../src/midi/messages.ts'

const notes = (msgs: number[][]) => msgs.map((m) => parseMidi(m)).map((e) => (e?.k === 'on' ? `+${e.note}` : e?.k === 'off' ? `-${e.note}` : '?'))

describe('the computer keyboard', () => {
  it('plays a chromatic octave from c4 on a w s e d f t g y h u j k', () => {
    const kb = new ComputerKeyboard()
    const codes = 'AWSEDFTGYHUJK'.split('').map((c) => `Key${c}`)
    expect(codes.flatMap((c) => notes(kb.down(c)))).toEqual(codes.map((_, i) => `+${60 + i}`))
    expect(parseMidi(new ComputerKeyboard().down('KeyA')[0])).toEqual({ k: 'on', channel: 0, note: 60, velocity: KEY_VELOCITY })
  })
  it('releases on key up and ignores auto-repeat and keys it does not use', () => {
    const kb = new ComputerKeyboard()
    expect(notes(kb.down('KeyH'))).toEqual(['+69'])
    expect(kb.down('KeyH')).toEqual([])
    expect(kb.down('KeyQ')).toEqual([])
    expect(kb.up('KeyQ')).toEqual([])
    expect(notes(kb.up('KeyH'))).toEqual(['-69'])
    expect(kb.up('KeyH')).toEqual([])
  })
  it('moves by octaves with z and x, within the MIDI range', () => {
    const kb = new ComputerKeyboard()
    kb.down('KeyZ')
    expect(notes(kb.down('KeyA'))).toEqual(['+48'])
    kb.down('KeyX')
    kb.down('KeyX')
    expect(kb.octaveBase).toBe(72)
    for (let i = 0; i < 20; i++) kb.down('KeyZ')
    expect(kb.octaveBase).toBe(0)
    for (let i = 0; i < 20; i++) kb.down('KeyX')
    expect(kb.octaveBase).toBe(108)
    expect(notes(kb.down('KeyJ'))).toEqual(['+119'])
    expect(notes(kb.down('Semicolon'))).toEqual(['+124'])
  })
  it('releases a held key with the note it started, after an octave change', () => {
    const kb = new ComputerKeyboard()
    kb.down('KeyA')
    kb.down('KeyX')
    expect(notes(kb.down('KeyK'))).toEqual(['+84'])
    expect(notes(kb.up('KeyA'))).toEqual(['-60'])
  })
  it('keeps a note sounding while another key holds it', () => {
    const kb = new ComputerKeyboard()
    kb.down('KeyK') // c5
    kb.down('KeyX')
    kb.down('KeyA') // c5 again
    expect(kb.up('KeyK')).toEqual([])
    expect(notes(kb.up('KeyA'))).toEqual(['-72'])
  })
  it('releases everything at once', () => {
    const kb = new ComputerKeyboard()
    kb.down('KeyA')
    kb.down('KeyD')
    expect(kb.holding).toBe(true)
    expect(notes(kb.releaseAll()).sort()).toEqual(['-60', '-64'])
    expect(kb.holding).toBe(false)
  })
})
