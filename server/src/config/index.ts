import { pluginConfigSchema } from './schema';
import { describeZodIssues } from '../utils/validation';

/**
 * Strapi merges the host app's `config/plugins.ts` block over `default` and then calls
 * `validator`: throwing here stops Strapi at start-up, which is what a wrong key deserves.
 */
export default {
  default: {},
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(
        `Invalid configuration for plugin "instagram-publisher" (config/plugins.ts):\n${describeZodIssues(result.error, '  - ')}`
      );
    }
  },
};
