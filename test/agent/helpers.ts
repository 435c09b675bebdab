import type { ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';

export interface SilentServer {
  readonly port: number;
  /** Resolves at the first connection: the scan is under way. */
  readonly connected: Promise<void>;
}

/**
 * A TCP service on 127.0.0.1 that accepts and never says a word: discovery finds it open, and the
 * banner probes wait their whole timeout on it, which keeps a scan running as long as a test needs.
 */
export function useSilentServers(): () => Promise<SilentServer> {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  return async () => {
    let onConnect: () => void = () => {};
    const connected = new Promise<void>((resolve) => (onConnect = resolve));
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      onConnect();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { port: address.port, connected };
  };
}

/** A configuration scanning only 127.0.0.1 on one port, native engine. */
export function loopbackConfig(port: number, extra = '', probeTimeoutMs = 300): string {
  return `scope:
  targets: [127.0.0.1]
discovery:
  engine: native
  ports: [${port}]
  timeoutMs: 500
probes:
  timeoutMs: ${probeTimeoutMs}
${extra}`;
}

export interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The agent's JSON log lines as they come, and a way to wait for one. */
export function follow(child: ChildProcess) {
  const lines: LogLine[] = [];
  /** journald gets JSON lines: anything else is a defect the test reports. */
  const notJson: string[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      notJson.push(text);
      return;
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines,
    notJson,
    exited,
    /** Resolves with the first line (already printed or to come) that passes; fails after `ms` or if the agent exits. */
    waitFor(test: (l: LogLine) => boolean, what: string, ms: number): Promise<LogLine> {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${what}" from the agent within ${ms / 1000} s:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)), ms);
        waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => (clearTimeout(timer), reject(new Error(`the agent exited (${code}) before "${what}"`))));
      });
    },
  };
}
