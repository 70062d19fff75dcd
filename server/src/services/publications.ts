import type { Core } from '@strapi/strapi';

export const createPublicationsService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({});

export type PublicationsService = ReturnType<typeof createPublicationsService>;
