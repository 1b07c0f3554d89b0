// Structured JSON logs. Anything that could carry a credential is redacted by key, wherever it
// appears, so a careless `log.info({ body })` cannot leak a password or token.
import pino from 'pino';

const SECRET_KEYS = [
  'password',
  'passwordHash',
  'token',
  'secret',
  'authorization',
  'cookie',
  'apiKey',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'privateKey',
];

const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `req.headers.${k}`]);

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.TAPESTRY_PROCESS ?? 'tapestry' },
  redact: { paths, censor: '[redacted]' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = typeof logger;
