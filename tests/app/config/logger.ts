import { Writable } from 'stream';
import { winston, formats } from '@strapi/logger';

/**
 * Console output as usual; under test, every line is also kept in memory so the suite
 * can prove that no token, code or secret was ever logged.
 */
const captured: string[] = ((globalThis as any).__INSTAGRAM_PUBLISHER_TEST_LOGS__ ??= []);
const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

const captureTransport = () =>
  new winston.transports.Stream({
    level: 'silly',
    format: winston.format.simple(),
    stream: new Writable({
      write(chunk, _encoding, callback) {
        captured.push(chunk.toString());
        callback();
      },
    }),
  });

export default {
  transports: [
    new winston.transports.Console({
      level,
      format: winston.format.combine(formats.levelFilter(level), formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })),
    }),
    ...(process.env.NODE_ENV === 'test' && process.env.CAPTURE_LOGS !== 'false' ? [captureTransport()] : []),
  ],
};
