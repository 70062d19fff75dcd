import type { Core } from '@strapi/strapi';
import type { PluginEventName, PluginEventPayloads } from '../contracts/events';
import { createLogger } from '../utils/logger';

/**
 * Emits one of the plugin's events through Strapi's event hub, where Strapi's webhook runner, the
 * plugin's e-mail notices and any listener of the app's own (`strapi.eventHub.on(name, fn)`) take it.
 * Never throws and never waits: the hub awaits its listeners one after another, and a slow webhook
 * or mail server must not hold the publication worker or the refresh job.
 */
export const emitPluginEvent = <N extends PluginEventName>(strapi: Core.Strapi, name: N, payload: PluginEventPayloads[N]): void => {
  try {
    void Promise.resolve(strapi.eventHub.emit(name, payload)).catch((error: unknown) => createLogger(strapi).warn(`a listener of ${name} failed`, error));
  } catch (error) {
    createLogger(strapi).warn(`${name} could not be emitted`, error);
  }
};

/** The emitter handed to code that does not hold `strapi` (the publication state machine). */
export interface PluginEvents {
  emit<N extends PluginEventName>(name: N, payload: PluginEventPayloads[N]): void;
}

export const createPluginEvents = (strapi: Core.Strapi): PluginEvents => ({
  emit: (name, payload) => emitPluginEvent(strapi, name, payload),
});
