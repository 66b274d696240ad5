// Reads the curl examples out of README.md so a test can run each one: every fenced `sh` block,
// backslash continuations joined, each `curl` line parsed into a request. Only the curl flags the
// README uses are understood; anything else throws, so an example can never silently stop being run.

export interface ReadmeExample {
  /** 1-based line in README.md, for failure messages. */
  line: number;
  source: string;
  method: string;
  /** Path and query after the host, e.g. "/search-youtube". */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** `| jq <filter>`: the filter (".info"), or "." for a bare jq. */
  jq?: string;
  /** The comment on the example's line or the comment lines right after it. */
  comment: string;
}

export function readmeExamples(markdown: string): ReadmeExample[] {
  const out: ReadmeExample[] = [];
  const lines = markdown.split('\n');
  let inSh = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^```/.test(line)) {
      inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(line);
      continue;
    }
    if (!inSh || !/^\s*curl\s/.test(line)) continue;
    let command = line;
    const start = i;
    while (command.trimEnd().endsWith('\\')) command = `${command.trimEnd().slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    const after: string[] = [];
    for (let j = i + 1; /^\s*#/.test(lines[j] ?? ''); j++) after.push((lines[j] ?? '').replace(/^\s*#\s?/, ''));
    out.push(parseCurl(command, start + 1, after.join(' ')));
  }
  return out;
}

function parseCurl(command: string, line: number, trailing: string): ReadmeExample {
  const { words, comment } = shellWords(command);
  const pipe = words.indexOf('|');
  const curl = pipe >= 0 ? words.slice(0, pipe) : words;
  const jq = pipe >= 0 ? jqFilter(words.slice(pipe + 1), line) : undefined;
  const ex: ReadmeExample = { line, source: command.trim(), method: 'GET', path: '', headers: {}, jq, comment: `${comment} ${trailing}`.trim() };
  for (let k = 1; k < curl.length; k++) {
    const w = curl[k] as string;
    if (w === '-s') continue;
    if (w === '-X') ex.method = curl[++k] ?? '';
    else if (w.startsWith('-X')) ex.method = w.slice(2);
    else if (w === '-H') {
      const [name, ...value] = (curl[++k] ?? '').split(':');
      ex.headers[(name ?? '').trim().toLowerCase()] = value.join(':').trim();
    } else if (w === '-d' || w === '--data') {
      ex.body = curl[++k];
      if (!curl.slice(1).some((x) => x.startsWith('-X'))) ex.method = 'POST';
    } else if (/^(https?:\/\/)?(localhost|127\.0\.0\.1):8080(\/|$)/.test(w)) ex.path = w.replace(/^(https?:\/\/)?(localhost|127\.0\.0\.1):8080/, '') || '/';
    else throw new Error(`README.md:${line}: the examples test does not understand "${w}" in: ${command.trim()}`);
  }
  if (!ex.path) throw new Error(`README.md:${line}: no localhost:8080 URL in: ${command.trim()}`);
  return ex;
}

function jqFilter(words: string[], line: number): string {
  if (words[0] !== 'jq' || words.length > 2) throw new Error(`README.md:${line}: only "| jq [.path]" is supported, got: ${words.join(' ')}`);
  return words[1] ?? '.';
}

/** Splits like a POSIX shell for what the README uses: '…', "…", a bare |, and a # comment. */
function shellWords(s: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unbalanced quote in: ${s}`);
      cur = (cur ?? '') + s.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (c === '#' && cur === undefined) {
      return { words, comment: s.slice(i + 1).trim() };
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return { words, comment: '' };
}
