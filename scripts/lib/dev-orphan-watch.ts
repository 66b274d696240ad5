import { readFileSync } from 'node:fs';

// `npm start` runs npm → sh → tsx → node. Killing only npm (what a process manager or an IDE's
// stop button often does) kills sh, but sh does not pass the signal on, so tsx and this process
// would live on, holding the port and the emulator JVM. Watching our parent and grandparent
// catches that: if either is replaced (we or our launcher got re-parented), whoever started us
// is gone, and the host shuts itself down. Only used under npm (see launchedByNpm): a host started
// directly with `node`/`tsx ... &` is meant to outlive its shell. The grandparent check needs
// /proc (Linux); elsewhere only the parent is watched.

const POLL_MS = 1_000;

export function watchForOrphaning(onOrphaned: (why: string) => void): () => void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    if (process.ppid !== parent) return fire(`launcher (pid ${parent}) exited`);
    const now = parentOf(parent);
    if (grandparent !== undefined && now !== undefined && now !== grandparent) fire(`launcher's parent (pid ${grandparent}) exited`);
  }, POLL_MS);
  timer.unref();
  const fire = (why: string) => {
    clearInterval(timer);
    onOrphaned(why);
  };
  return () => clearInterval(timer);
}

/** The parent pid of `pid` from /proc/<pid>/stat, or undefined where /proc is unavailable. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is parenthesised and may contain spaces; ppid is the 2nd field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}
