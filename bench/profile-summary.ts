/// Self time per function in a V8 CPU profile, for reading `node --cpu-prof` output of the Node bench:
///
///   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/run.ts --node --patch P1
///   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [rows]
///
/// Generated code shows up as `main`/`voice` at line 5 or so of an anonymous script; kernels by name.

import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

const [file, rowsArg] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [rows]')
const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] }
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
p.samples.forEach((id, i) => {
  const cf = byId.get(id)!.callFrame
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`
  const t = p.timeDeltas[i] ?? 0
  self.set(key, (self.get(key) ?? 0) + t)
  if (cf.functionName !== '(idle)') total += t
})
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(rowsArg ?? 20))) {
  if (k.startsWith('(idle)')) continue
  console.log(`${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`)
}
console.log(`busy ${(total / 1000).toFixed(0)} ms`)
