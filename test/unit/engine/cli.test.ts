import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeWav } from '../../../src/render/wav.ts'
import { levelAt, spectrum } from '../helpers/spectrum.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const tmp = mkdtempSync(join(tmpdir(), 'tapline-render-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cli(...args: string[]) {
  return spawnSync(join(root, 'node_modules/.bin/tsx'), ['src/cli/render.ts', ...args], { cwd: root, encoding: 'utf8' })
}

describe('render CLI', () => {
  it('writes a stereo 32-bit float WAV of the patch, with --set and --rate applied', () => {
    const patch = join(tmp, 'tone.patch')
    writeFileSync(patch, 'knob f = 440 [100..2000]\nout = osc(sine, f) * 0.5, osc(sine, f * 2) * 0.25\n')
    const out = join(tmp, 'tone.wav')
    const r = cli(patch, '-o', out, '--seconds', '0.5', '--rate', '44100', '--set', 'f=1000')
    expect(r.status, r.stderr).toBe(0)
    const bytes = new Uint8Array(readFileSync(out))
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('RIFF')
    expect(String.fromCharCode(...bytes.subarray(8, 12))).toBe('WAVE')
    const wav = decodeWav(bytes)
    expect([wav.format, wav.channels, wav.bits, wav.sampleRate]).toEqual([3, 2, 32, 44100])
    expect(wav.samples[0].length).toBe(22050)
    // RIFF header, an 18-byte fmt chunk and a fact chunk (as float WAVs need), then the data.
    expect(String.fromCharCode(...bytes.subarray(38, 42))).toBe('fact')
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(46, true)).toBe(22050)
    expect(bytes.length).toBe(58 + 22050 * 8)
    const l = spectrum(wav.samples[0], 44100, 16384), rr = spectrum(wav.samples[1], 44100, 16384)
    expect(levelAt(l, 1000)).toBeGreaterThan(-1)
    expect(levelAt(rr, 2000)).toBeGreaterThan(-1)
    expect(Math.max(...wav.samples[0])).toBeCloseTo(0.5, 2)
  })

  it('writes 16-bit PCM with --pcm16 and applies --swap at --at', () => {
    const a = join(tmp, 'a.patch'), b = join(tmp, 'b.patch'), out = join(tmp, 'ab.wav')
    writeFileSync(a, 'out = osc(sine, 300) * 0.5\n')
    writeFileSync(b, 'out = osc(sine, 300) * 0.25\n')
    const r = cli(a, '-o', out, '--seconds', '1', '--swap', b, '--at', '0.5', '--pcm16')
    expect(r.status, r.stderr).toBe(0)
    const wav = decodeWav(new Uint8Array(readFileSync(out)))
    expect([wav.format, wav.bits]).toEqual([1, 16])
    const peakOf = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(peakOf(wav.samples[0].subarray(0, 20000))).toBeCloseTo(0.5, 2)
    expect(peakOf(wav.samples[0].subarray(30000))).toBeCloseTo(0.25, 2)
  })

  it('prints FILE:LINE:COL: error: MESSAGE and exits 1 for a patch that does not compile', () => {
    const bad = join(tmp, 'bad.patch')
    writeFileSync(bad, 'node a = osc(saw, 110)\nout = b\n')
    const r = cli(bad, '-o', join(tmp, 'bad.wav'))
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:7: error: .+`, 'm'))
  })

  it('exits 2 with usage for bad arguments', () => {
    const r = cli('--seconds', 'x')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/usage/)
  })
})
