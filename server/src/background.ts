/**
 * Background work (token refresh cron, publication worker) can be switched off for
 * one-shot commands such as the token re-encryption script.
 */
export const backgroundDisabled = () => process.env.INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND === 'true';
