import type { Core } from '@strapi/strapi';

export const createMetaCallbacksService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({});

export type MetaCallbacksService = ReturnType<typeof createMetaCallbacksService>;
