import type { Core } from '@strapi/strapi';

export const createConnectionsService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({});

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
