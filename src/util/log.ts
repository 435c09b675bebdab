import { pino } from 'pino';
import { plainText } from './safe-text.js';

export type LogFields = Readonly<Record<string, unknown>>;

/** What the agent and its scans log through; part of the interface other modules (alerts) use. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerOptions {
  /** Default: standard output. */
  readonly stream?: { write(line: string): unknown; isTTY?: boolean };
  readonly level?: LogLevel;
  /** Human lines instead of JSON; default: whether the stream is a TTY. */
  readonly human?: boolean;
  /** Applied to every finished line: removes secrets, whatever field they arrived in. */
  readonly scrub?: (line: string) => string;
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const META_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * JSON lines (pino) for journald and log shippers when the output is not a terminal; one readable
 * line per event on a terminal. Secrets are scrubbed from the serialized line, not per field.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? pino.destination({ fd: 1, sync: true });
  const human = options.human ?? Boolean(options.stream?.isTTY ?? process.stdout.isTTY);
  const scrub = options.scrub ?? ((line: string) => line);
  const destination = human ? { write: (line: string) => stream.write(humanLine(line)) } : stream;
  const base = pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrub },
    },
    destination,
  );
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      base[level](fields, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything: for library calls with no one listening. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** "2026-03-01 10:00:00 WARN  message key=value …" from one pino JSON line. */
function humanLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof record['time'] === 'string' ? record['time'].replace('T', ' ').replace(/\.\d+Z$/, '') : '';
  const level = (LEVEL_NAMES[Number(record['level'])] ?? 'INFO').padEnd(5);
  const fields = Object.entries(record)
    .filter(([key]) => !META_KEYS.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  // Field values can carry device-sent text: no control characters reach the terminal.
  return `${[time, level, plainText(String(record['msg'] ?? ''), 2000), ...fields].filter(Boolean).join(' ')}\n`;
}

function fieldText(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const message = (value as { message?: unknown }).message;
    return plainText(typeof message === 'string' ? message : JSON.stringify(value), 500);
  }
  const text = plainText(String(value), 500);
  return /\s/.test(text) ? JSON.stringify(text) : text;
}
