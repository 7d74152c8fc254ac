import { pino } from 'pino';
import type { Logger } from '../http/log.js';

/**
 * pino on Node: JSON lines on stdout with ISO times, written without blocking the event loop on
 * formatting. Only what the app passes as fields is written: never a token, a code or a body.
 */
export function nodeLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger & { flush(): void } {
  const logger = pino({
    level,
    base: { service: 'kindling' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return {
    info: (fields, message) => logger.info(fields, message),
    error: (fields, message) => logger.error(fields, message),
    flush: () => logger.flush(),
  };
}
