/**
 * A small leveled logger writing one line per event to stderr. Callers guard costly
 * messages: `log.debug && log.debug(...)` builds nothing when debug is off.
 *
 * @module
 */

/** Log levels from quietest to noisiest. */
export type LogLevel = "error" | "warn" | "info" | "debug";

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** A function that logs one message with optional structured fields, or `undefined` when off. */
export type LogFn = ((message: string, fields?: Record<string, unknown>) => void) | undefined;

/** The logger: one optional function per level. */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

const encoder = new TextEncoder();

function formatField(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return JSON.stringify(code === undefined ? value.message : `${code}: ${value.message}`);
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function writer(level: LogLevel, sink: (line: string) => void): LogFn {
  const tag = level.toUpperCase().padEnd(5);
  return (message, fields) => {
    let line = `${new Date().toISOString()} ${tag} ${message}`;
    if (fields) {
      for (const key in fields) line += ` ${key}=${formatField(fields[key])}`;
    }
    sink(line);
  };
}

function stderrSink(line: string): void {
  try {
    Deno.stderr.writeSync(encoder.encode(line + "\n"));
  } catch {
    // stderr closed: there is nowhere left to report to.
  }
}

/** The process-wide logger. Reconfigure it with `setLogLevel`. */
export const log: Logger = { error: undefined, warn: undefined, info: undefined, debug: undefined };

/**
 * Turns levels up to `level` on and the rest off.
 *
 * @param sink where lines go (stderr by default; tests capture them)
 */
export function setLogLevel(level: LogLevel, sink: (line: string) => void = stderrSink): void {
  for (const name of Object.keys(ORDER) as LogLevel[]) {
    log[name] = ORDER[name] <= ORDER[level] ? writer(name, sink) : undefined;
  }
}

/** True when `value` names a log level. */
export function isLogLevel(value: string): value is LogLevel {
  return value in ORDER;
}

setLogLevel("info");
