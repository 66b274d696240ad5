import { spawn, type ChildProcess } from 'node:child_process';

// Runs one of Google's emulators (Firestore, Pub/Sub) as a java child process, spawned directly:
// the gcloud wrapper scripts do not exec, so killing a wrapper would orphan the JVM. The process
// is killed if this one exits, and its (chatty) logs are drained for its whole life so a full pipe
// never blocks the JVM; only the lines before readiness are kept, for the error message.

export interface JavaEmulator {
  stop(): Promise<void>;
}

export interface JavaEmulatorOptions {
  name: string;
  javaArgs: string[];
  /** Text the emulator prints once it serves. */
  readyText: string;
  timeoutMs: number;
  /** Echo the emulator's startup output to stderr. */
  verbose?: boolean;
}

export async function startJavaEmulator(opts: JavaEmulatorOptions): Promise<JavaEmulator> {
  const child = spawn('java', opts.javaArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Registered before waiting, so an exit during the JVM's boot cannot leave it behind.
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  try {
    await waitForReady(child, opts);
  } catch (e) {
    process.removeListener('exit', stopOnExit);
    throw e;
  }
  return { stop: () => stopChild(child, stopOnExit) };
}

function waitForReady(child: ChildProcess, opts: JavaEmulatorOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`${opts.name} not ready after ${opts.timeoutMs} ms:\n${output}`)), opts.timeoutMs);
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (opts.verbose) process.stderr.write(chunk);
      if (output.includes(opts.readyText)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(new Error(`Could not start java for the ${opts.name}: ${e.message}`)));
    child.once('exit', (code) => !ready && fail(new Error(`${opts.name} exited early (code ${code}):\n${output}`)));
  });
}

function stopChild(child: ChildProcess, listener: () => void): Promise<void> {
  process.removeListener('exit', listener);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
