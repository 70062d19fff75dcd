import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { getContentType, listContentTypes, type ContentTypeInfo } from '../publishing/content-types';
import { mappingSchema, mappingsSchema, type Mapping, type Mappings } from '../publishing/mapping-schema';
import type { TemplatePosition } from '../publishing/caption';
import { validateMapping } from '../publishing/mapping-validation';
import { invalid } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';

const SETTINGS_KEY = 'mappings';
/** Other instances may save settings; a short cache keeps the publish hook free of reads. */
const CACHE_MS = 5_000;

export interface MappingsProblem {
  /** ['mappings', uid, field, ...] */
  path: string[];
  message: string;
  /** Where in a template the problem is, for template syntax errors. */
  position?: TemplatePosition;
}

/**
 * Every problem of a set of mappings against this application's content types: unknown types and
 * fields, fields of the wrong kind, template errors and unknown variables. Connection ids are only
 * checked when `connectionIds` is given. PUT /settings and the start-up check share this one rule.
 */
export const mappingsProblems = (
  strapi: Core.Strapi,
  input: Record<string, Mapping>,
  connectionIds: Set<string> | null,
  prefixOf: (uid: string) => string[] = (uid) => ['mappings', uid]
): MappingsProblem[] => {
  const problems: MappingsProblem[] = [];
  for (const [uid, mapping] of Object.entries(input)) {
    const type = getContentType(strapi, uid);
    if (!type) {
      problems.push({ path: prefixOf(uid), message: `${uid} is not a content type of this application` });
      continue;
    }
    for (const problem of validateMapping(mapping, type, connectionIds)) {
      problems.push({ ...problem, path: [...prefixOf(uid), ...problem.path.map(String)] });
    }
  }
  return problems;
};

/** Content-type mappings: plugin settings over the defaults of config/plugins.ts. */
export const createMappingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  let cache: { value: Mappings; until: number } | null = null;

  const defaults = (): Mappings => getPluginConfig(strapi).mappings;

  const service = {
    /** Every mapping in force: saved settings when any were saved, else the configured defaults. */
    async getAll(): Promise<Mappings> {
      if (cache && cache.until > Date.now()) return cache.value;
      const saved = await getService(strapi, 'store').get().settings.get<unknown>(SETTINGS_KEY);
      let value = defaults();
      if (saved) {
        const parsed = mappingsSchema.safeParse(saved);
        if (parsed.success) value = parsed.data;
        else createLogger(strapi).warn('saved mappings do not match the current schema; using the configured defaults');
      }
      cache = { value, until: Date.now() + CACHE_MS };
      return value;
    },

    /** The mapping of one content type when it exists and is enabled. */
    async getEnabled(uid: string): Promise<Mapping | null> {
      const mapping = (await service.getAll())[uid];
      return mapping?.enabled ? mapping : null;
    },

    /**
     * Checks mappings against their content types and throws one ValidationError listing every
     * problem, each under `prefix` (`['mappings']` for PUT /settings, `['mapping']` for a preview).
     */
    async assertValid(input: Record<string, Mapping>, prefixOf: (uid: string) => string[]): Promise<void> {
      const connections = await getService(strapi, 'store').get().connections.list();
      const connectionIds = new Set(connections.map((connection) => connection.id));
      const problems = mappingsProblems(strapi, input, connectionIds, prefixOf);
      if (problems.length > 0) {
        const first = problems[0];
        throw invalid(problems, `Invalid mapping: ${first.path.join('.')}: ${first.message}`);
      }
    },

    /** Validates every mapping against its content type, then replaces the saved set. */
    async replaceAll(input: Mappings): Promise<Mappings> {
      await service.assertValid(input, (uid) => ['mappings', uid]);
      await getService(strapi, 'store').get().settings.set(SETTINGS_KEY, input);
      cache = { value: input, until: Date.now() + CACHE_MS };
      return input;
    },

    /**
     * Start-up check of the mappings given in config/plugins.ts, with the rule PUT /settings applies.
     * Connection ids are not checked here: accounts are connected and disconnected in the admin, and
     * a disconnected account must not stop Strapi (its posts fail with that reason instead).
     */
    assertConfiguredMappings() {
      const problems = mappingsProblems(strapi, defaults(), null);
      if (problems.length > 0) {
        throw new Error(
          `Invalid configuration for plugin "instagram-publisher" (config/plugins.ts):\n${problems.map((problem) => `  - ${problem.path.join('.')}: ${problem.message}`).join('\n')}`
        );
      }
    },

    /** Content types a mapping can target, with their fields. */
    contentTypes(): ContentTypeInfo[] {
      return listContentTypes(strapi);
    },

    /** Normalises a partial mapping (preview of an unsaved mapping) with the schema defaults. */
    normalize(input: unknown): Mapping {
      return mappingSchema.parse(input);
    },

    invalidate() {
      cache = null;
    },
  };
  return service;
};

export type MappingsService = ReturnType<typeof createMappingsService>;
