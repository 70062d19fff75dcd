import { DAY, HOUR } from '../clock';

export const INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
  'instagram_business_manage_messages',
] as const;

export const FACEBOOK_SCOPES = [
  'public_profile',
  'email',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_metadata',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'business_management',
] as const;

/** The scope Meta does not let a user untick. */
export const REQUIRED_SCOPE = { instagram: 'instagram_business_basic', facebook: 'public_profile' } as const;

/** Meta's documented lifetimes. */
export const LIFETIME = {
  code: HOUR,
  instagramShort: HOUR,
  /** graph.instagram.com answers expires_in 5183944 for both exchange and refresh. */
  instagramLongSec: 5183944,
  facebookShortSec: 5400,
  facebookLongSec: 5183944,
  dataAccess: 90 * DAY,
} as const;
