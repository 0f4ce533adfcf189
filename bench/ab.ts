/// This checkout's engine against another's (a baseline: the last commit, a branch), both in one
/// Chromium page and interleaved in chunks of blocks, so the machine's load falls on both alike:
/// the A/B for an engine change worth a few percent, which separate runs of block-cost.ts (each
/// its own browser, minutes apart) cannot resolve on a shared machine.
///
///   git worktree add /tmp/base HEAD && ln -s "$PWD/node_modules" /tmp/base/ && (cd /tmp/base && node grammar/build.mjs)
///   npx tsx bench/ab.ts /tmp/base [P1,P4,P2] [rounds] [blocks]
///
/// Per patch: a fresh engine of each, warmed up (2000 blocks), then `rounds` rounds of `blocks`
/// blocks each (1000 unless given), the order alternating round by round; µs per block, least and
/// median. The page's clock counts in 0.1 ms steps: P2's 1000 blocks take about 2.5 ms, so a few
/// per cent of it are one step, and 5000 resolve it. The page's main thread runs the engines (the
/// worklet scope's V8 is the same build; block-cost.ts times that).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { build, type Rollup } from 'vite'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts'
import { ROOT } from './serve.ts'

const base = process.argv[2] && resolve(process.argv[2])
if (!base) throw new Error('usage: npx tsx bench/ab.ts <other checkout> [P1,P4,P2] [rounds] [blocks]')
const ids = (process.argv[3] ?? 'P1,P4,P2').split(',')
const rounds = Number(process.argv[4] ?? 30)
const blocks = Number(process.argv[5] ?? 1000)

const engineOf = (root: string, name: string) => `
import { Engine as ${name}E } from '${root}/worklet/engine/engine.ts'
import { warmEngine as ${name}we, warmKernels as ${name}wk } from '${root}/worklet/engine/warmup.ts'
import { compile as ${name}c } from '${root}/src/language/compile.ts'
versions.${name} = { Engine: ${name}E, warmEngine: ${name}we, warmKernels: ${name}wk, compile: ${name}c }`

// The page: both versions warmed, then per patch the interleaved rounds; the result in `window.ab`.
const entry = `
import { patchText } from '${ROOT}/bench/patches.ts'
const versions = {}
${engineOf(base, 'base')}
${engineOf(ROOT, 'ours')}
const L = new Float32Array(128), R = new Float32Array(128)
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
for (const v of Object.values(versions)) { v.warmKernels(48000); v.warmEngine(48000) }
const out = {}
for (const id of ${JSON.stringify(ids)}) {
  const engines = {}, us = { base: [], ours: [] }
  for (const [k, v] of Object.entries(versions)) {
    const e = (engines[k] = new v.Engine(48000))
    e.load(v.compile(patchText(id)).patch)
    for (let b = 0; b < 2000; b++) e.process(L, R)
  }
  for (let r = 0; r < ${rounds}; r++) {
    for (const k of r % 2 ? ['base', 'ours'] : ['ours', 'base']) {
      const t = performance.now()
      for (let b = 0; b < ${blocks}; b++) engines[k].process(L, R)
      us[k].push(((performance.now() - t) * 1000) / ${blocks})
    }
  }
  out[id] = { base: [Math.min(...us.base), median(us.base)], ours: [Math.min(...us.ours), median(us.ours)] }
}
window.ab = out
`

const dir = mkdtempSync(join(tmpdir(), 'tapline-ab-'))
try {
  writeFileSync(join(dir, 'entry.js'), entry)
  const built = (await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: false, lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: 'ab' } },
  })) as Rollup.RollupOutput[]
  const code = built[0].output[0].code
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage()
    await page.goto('about:blank')
    await page.addScriptTag({ content: code, type: 'module' })
    const res = (await page.waitForFunction(() => (window as unknown as { ab?: unknown }).ab, null, { timeout: 600_000 })).jsonValue()
    console.log(`| patch | ${base} µs per block (least, median) | this checkout | this / base (least) |`)
    console.log('| ----- | --- | --- | --- |')
    for (const [id, r] of Object.entries((await res) as Record<string, { base: number[]; ours: number[] }>)) {
      const f = (x: number[]) => `${x[0].toFixed(2)}, ${x[1].toFixed(2)}`
      console.log(`| ${id} | ${f(r.base)} | ${f(r.ours)} | ${(r.ours[0] / r.base[0]).toFixed(3)} |`)
    }
  } finally {
    await browser.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
