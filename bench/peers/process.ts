// One peer of the race as a child process speaking the bench's line protocol: a command per stdin line, a JSON
// object per stdout line. Each peer runs in its own process so that none shares threads, heap or libvirt state
// with another, and its RSS is its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Reply = Record<string, unknown> & { error?: string };

export class PeerProcess {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[] = [];
  #stderr = '';
  #exited: string | undefined;

  constructor(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.name = name;
    this.#child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return; // stray output of a library; replies are JSON objects
      this.#waiting.shift()?.resolve(JSON.parse(line) as Reply);
    });
    this.#child.on('error', (err) => this.#fail(`could not start: ${err.message}`));
    this.#child.on('exit', (code, signal) => this.#fail(`exited (${signal ?? `code ${code}`})`));
  }

  #fail(why: string): void {
    this.#exited ??= `${this.name} ${why}${this.#stderr ? `: ${this.lastStderr()}` : ''}`;
    for (const w of this.#waiting.splice(0)) w.reject(new Error(this.#exited));
  }

  /** Whether the process has exited (or never started). */
  get exited(): boolean {
    return this.#exited !== undefined;
  }

  lastStderr(): string {
    return this.#stderr.trim().split('\n').slice(-3).join(' | ');
  }

  /** Sends one command and resolves its reply (an `{ error }` reply rejects). */
  request(line: string, timeoutMs = 180_000): Promise<Reply> {
    if (this.#exited) return Promise.reject(new Error(this.#exited));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`${this.name}: no reply to '${line}' within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#waiting.push({
        resolve: (reply) => {
          clearTimeout(timer);
          if (typeof reply.error === 'string') reject(new Error(`${this.name}: ${reply.error}`));
          else resolve(reply);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      this.#child.stdin!.write(`${line}\n`);
    });
  }

  /** Asks the peer to quit; kills it (this child, by its pid) if it has not exited 5 s later. */
  async close(): Promise<void> {
    if (this.#exited || this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin!.end('quit\n');
    const timer = setTimeout(() => this.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }
}
