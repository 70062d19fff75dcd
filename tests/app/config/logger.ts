import { winston, formats } from '@strapi/logger';

/**
 * Console output as usual; under test, every line is also kept in memory so the suite
 * can prove that no token, code or secret was ever logged.
 */
const captured: string[] = ((globalThis as any).__INSTAGRAM_PUBLISHER_TEST_LOGS__ ??= []);

class CaptureTransport extends winston.Transport {
  log(info: any, callback: () => void) {
    captured.push(`${info.level}: ${typeof info.message === 'string' ? info.message : JSON.stringify(info.message)}`);
    callback();
  }
}

const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

export default {
  transports: [
    new winston.transports.Console({
      level,
      format: winston.format.combine(formats.levelFilter(level), formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })),
    }),
    ...(process.env.NODE_ENV === 'test' ? [new CaptureTransport({ level: 'silly' })] : []),
  ],
};
