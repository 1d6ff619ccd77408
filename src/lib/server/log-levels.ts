// pino's level names, least verbose first: what KAIRAN_LOG_LEVEL accepts (src/env.ts, log.ts).
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
