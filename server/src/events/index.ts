export { EVENTS, PLUGIN_EVENTS, webhookKeyOf, type PluginEventName } from './names';
export { createPluginEvents, emitPluginEvent, type PluginEvents } from './emit';
export { registerWebhookEvents } from './register';
export * from './payloads';
