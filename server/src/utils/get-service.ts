import type { Core } from '@strapi/strapi';
import type services from '../services';
import { PLUGIN_ID } from './plugin-id';

type ServiceFactories = typeof services;
export type Services = { [K in keyof ServiceFactories]: ReturnType<ServiceFactories[K]> };

/** Typed access to the plugin's services: `getService(strapi, 'connections')`. */
export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K): Services[K] =>
  strapi.plugin(PLUGIN_ID).service(name as string) as Services[K];
