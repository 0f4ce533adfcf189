/// The parse tree as the compiler reads it: Lezer's tree copied, in one walk with one cursor, into
/// plain nodes that hold their children in an array. Lezer's `SyntaxNode` API allocates a node
/// object (and `getChild` a cursor) on every step, which made tree access most of a compile; here
/// each node is made once. Only what the compiler reads is kept: the grammar's capitalised nodes
/// and error nodes (`⚠`, without their content); punctuation and keywords are left out.
/// The grammar stays the only definition of the syntax: this copies its tree, it does not parse.

import type { NodeType, Tree, TreeCursor } from '@lezer/common'

export class Syn {
  constructor(
    /// The grammar's node name (`NodeDef`, `Call`, `Name`, ...), or `⚠` for an error node.
    readonly type: string,
    readonly from: number,
    readonly to: number,
    /// Children in text order.
    public kids: readonly Syn[],
  ) {}

  get isError(): boolean {
    return this.type === ERROR
  }

  /// The first child of the given type, or null.
  child(type: string): Syn | null {
    for (const k of this.kids) if (k.type === type) return k
    return null
  }
}

export const ERROR = '⚠'
const NO_KIDS: readonly Syn[] = []

/// An error node of Lezer's recovery, with the node it is in (for the message).
export interface SyntaxErrorSite {
  from: number
  to: number
  parent: Syn
}

/// Copies `tree`; error nodes go to `errors` in text order, outermost first.
export function syntaxOf(tree: Tree, errors: SyntaxErrorSite[]): Syn {
  stack.length = 0
  return walk(tree.cursor(), errors)
}

/// Capitalised names are the grammar's nodes (and comments); the others are punctuation and keywords.
function kept(t: NodeType): boolean {
  const c = t.name.charCodeAt(0)
  return c >= 65 && c <= 90
}

// Children are gathered on one shared stack and copied out at their exact length: an array grown
// by push takes room for 17 elements at its first push, most of the copy's allocation (the
// 200-line bench patch: 300 -> 140 KB). The tree is alive all through the compile, so each young-
// generation collection copies it: with a 1 MB young generation, as a page starts with,
// compile(text, tree) of that patch took 2.4-2.5 ms with pushed arrays and 0.64-0.67 ms this way
// (Node, --max-semi-space-size=1); with Node's default, 0.49 against 0.55 ms.
const stack: Syn[] = []

function walk(c: TreeCursor, errors: SyntaxErrorSite[]): Syn {
  const node = new Syn(c.type.name, c.from, c.to, NO_KIDS)
  if (!c.firstChild()) return node
  const base = stack.length
  do {
    const t = c.type
    if (t.isError) {
      errors.push({ from: c.from, to: c.to, parent: node })
      stack.push(new Syn(ERROR, c.from, c.to, NO_KIDS))
    } else if (kept(t)) stack.push(walk(c, errors))
  } while (c.nextSibling())
  c.parent()
  if (stack.length > base) node.kids = stack.slice(base)
  stack.length = base
  return node
}
