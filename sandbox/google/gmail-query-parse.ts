// Gmail search syntax as a tree (https://support.google.com/mail/answer/7190): words and "quoted
// phrases" are ANDed; `OR` (binding tighter than the implicit AND) and `{a b}` mean either;
// `( … )` groups; `-` negates a term or a group; `op:value`, and `op:( … )` / `op:{ … }` which
// apply the operator to every word of the group (subject:(dinner movie) = both words in the subject).

export type QueryNode =
  | { kind: 'and' | 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'term'; op?: string; value: string; quoted: boolean };

type Token = { type: '(' | ')' | '{' | '}' | 'OR' | 'AND' | '-' } | { type: 'op'; name: string } | { type: 'text'; value: string; quoted: boolean };

const BRACKETS = new Set(['(', ')', '{', '}']);

export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q.charAt(i);
    if (/\s/.test(c)) i += 1;
    else if (BRACKETS.has(c)) {
      out.push({ type: c as '(' | ')' | '{' | '}' });
      i += 1;
    } else if (c === '-' && i + 1 < q.length && !/\s/.test(q.charAt(i + 1))) {
      out.push({ type: '-' });
      i += 1;
    } else if (c === '"') {
      const close = q.indexOf('"', i + 1);
      const end = close < 0 ? q.length : close;
      out.push({ type: 'text', value: q.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      const word = /^[^\s(){}"]+/.exec(q.slice(i))?.[0] ?? c;
      i += word.length;
      out.push(...wordTokens(word));
    }
  }
  return out;
}

function wordTokens(word: string): Token[] {
  if (word === 'OR' || word === '|') return [{ type: 'OR' }];
  if (word === 'AND') return [{ type: 'AND' }];
  // Operator names are letters, digits and underscores after a letter (rfc822msgid:, list:, …).
  const m = /^([a-z][a-z0-9_]*):(.*)$/i.exec(word);
  if (!m?.[1]) return [{ type: 'text', value: word, quoted: false }];
  const rest = m[2] ?? '';
  return [{ type: 'op', name: m[1].toLowerCase() }, ...(rest ? [{ type: 'text' as const, value: rest, quoted: false }] : [])];
}

export function parseQuery(q: string): QueryNode {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];

  const sequence = (op: string | undefined, close?: ')' | '}'): QueryNode => {
    const items: QueryNode[] = [];
    for (let t = peek(); t && t.type !== close; t = peek()) {
      if (t.type === 'AND' || t.type === ')' || t.type === '}' || t.type === 'OR')
        pos += 1; // stray: Gmail ignores it
      else items.push(orChain(op));
    }
    if (close) pos += 1;
    return { kind: close === '}' ? 'or' : 'and', items };
  };

  const orChain = (op: string | undefined): QueryNode => {
    const items = [unit(op)];
    while (peek()?.type === 'OR' && tokens[pos + 1] && tokens[pos + 1]?.type !== ')' && tokens[pos + 1]?.type !== '}') {
      pos += 1;
      items.push(unit(op));
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'or', items };
  };

  const unit = (op: string | undefined): QueryNode => {
    const t = tokens[pos++];
    if (!t) return { kind: 'and', items: [] };
    if (t.type === '-') return { kind: 'not', item: unit(op) };
    if (t.type === '(') return sequence(op, ')');
    if (t.type === '{') return sequence(op, '}');
    if (t.type === 'text') return { kind: 'term', op, value: t.value, quoted: t.quoted };
    if (t.type === 'op') {
      const next = peek();
      if (next && (next.type === '(' || next.type === '{' || next.type === 'text')) return unit(t.name);
      return { kind: 'term', value: `${t.name}:`, quoted: false };
    }
    return { kind: 'and', items: [] };
  };

  return sequence(undefined);
}
