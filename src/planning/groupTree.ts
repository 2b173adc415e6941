import type { GroupInput } from './types.js';
import { pushTo } from '../util/multimap.js';

/** The product-group hierarchy: ancestors and descendants of any group. */
export class GroupTree {
  private readonly parent = new Map<string, string | null>();
  private readonly children = new Map<string, string[]>();
  private readonly descendantCache = new Map<string, Set<string>>();

  constructor(groups: GroupInput[]) {
    for (const g of groups) {
      this.parent.set(g.code, g.parent);
      if (g.parent !== null) pushTo(this.children, g.parent, g.code);
    }
  }

  has(code: string): boolean {
    return this.parent.has(code);
  }

  /** Strict ancestors, nearest first. */
  ancestors(code: string): string[] {
    const out: string[] = [];
    let at = this.parent.get(code) ?? null;
    while (at !== null && !out.includes(at)) {
      out.push(at);
      at = this.parent.get(at) ?? null;
    }
    return out;
  }

  /** The group itself and every group below it. */
  descendants(code: string): Set<string> {
    let out = this.descendantCache.get(code);
    if (!out) {
      out = new Set<string>();
      const stack = [code];
      while (stack.length) {
        const g = stack.pop()!;
        if (out.has(g)) continue;
        out.add(g);
        stack.push(...(this.children.get(g) ?? []));
      }
      this.descendantCache.set(code, out);
    }
    return out;
  }
}
