import type { Core } from '@strapi/strapi';

export const createMappingsService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({});

export type MappingsService = ReturnType<typeof createMappingsService>;
