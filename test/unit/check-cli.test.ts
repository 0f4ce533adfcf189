// `npm run -s check -- FILE...` as a user runs it: silent with exit 0 on a good patch;
// FILE:LINE:COL: error: MESSAGE lines and exit 1 on a bad one.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

function check(...files: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'check', '--', ...files], { cwd: root, encoding: 'utf8' })
  // npm itself may warn about the machine's own npmrc; nothing else may reach stderr.
  const stderr = r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')).join('\n')
  return { code: r.status, stdout: r.stdout, stderr }
}

describe('npm run -s check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapline-check-'))
  const good = join(dir, 'good.patch')
  const bad = join(dir, 'bad.patch')
  writeFileSync(good, 'node a = osc(saw, a3)\nout = filter(lp, a, 800) * 0.5\n')
  writeFileSync(bad, 'node a = osc(sawtooth, 220)\nnode b = a * lvl\nout = b\nout = a\n')

  it('is silent and exits 0 on a good patch', () => {
    expect(check(good)).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('prints FILE:LINE:COL: error: MESSAGE for each problem and exits 1', () => {
    const r = check(good, bad)
    expect(r.code).toBe(1)
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `${bad}:1:14: error: unknown wave 'sawtooth' for osc: use sine, saw, square, tri`,
      `${bad}:2:14: error: unknown name 'lvl': define it with node NAME = ... or a control`,
      `${bad}:4:1: error: the patch has out twice (first on line 3): keep one, and mix signals with + or mix(a, b)`,
    ])
  })
})
