import type { Directory } from './directory';

/** The fixture accounts, users and Pages every sandbox starts with (README "Fixtures"). */
export function seedFixtures(directory: Directory): void {
  directory.addInstagramAccount({
    username: 'sandbox_brand',
    userId: '17841400000000001',
    appScopedId: '26000000000000001',
    name: 'Sandbox Brand',
    accountType: 'BUSINESS',
    followersCount: 12840,
    followsCount: 312,
    mediaCount: 87,
    biography: 'Official account of a brand that only exists in tests.',
    website: 'https://brand.sandbox.invalid/',
  });
  directory.addInstagramAccount({
    username: 'sandbox_creator',
    userId: '17841400000000002',
    appScopedId: '26000000000000002',
    name: 'Sandy Creator',
    accountType: 'MEDIA_CREATOR',
    followersCount: 1520,
    followsCount: 801,
    mediaCount: 240,
    biography: 'Photos, reels, and the occasional test fixture.',
  });
  const user = directory.addFacebookUser({ id: '10100000000000001', name: 'Sandy Sandbox' });
  directory.fixtureFacebookUserId = user.id;
  directory.addPage({
    id: '1010000000000001',
    name: 'Sandbox Bakery',
    category: 'Bakery',
    ownerId: user.id,
    isLocation: true,
    instagram: {
      username: 'sandbox_bakery',
      userId: '17841400000000011',
      name: 'Sandbox Bakery',
      followersCount: 5310,
      followsCount: 120,
      mediaCount: 64,
      biography: 'Fresh bread every morning, fake crumbs only.',
      website: 'https://bakery.sandbox.invalid/',
    },
  });
  directory.addPage({
    id: '1010000000000002',
    name: 'Sandbox Studio',
    category: 'Photographer',
    ownerId: user.id,
    instagram: {
      username: 'sandbox_studio',
      userId: '17841400000000012',
      name: 'Sandbox Studio',
      followersCount: 930,
      followsCount: 410,
      mediaCount: 12,
      biography: 'Portraits and product shots.',
    },
  });
  directory.addPage({ id: '1010000000000003', name: 'Sandbox Notes', category: 'Blog', ownerId: user.id });
  directory.addPage({
    id: '1010000000000004',
    name: 'Sandbox Cafe',
    category: 'Cafe',
    ownerId: user.id,
    instagram: {
      username: 'sandbox_cafe',
      userId: '17841400000000013',
      name: 'Sandbox Cafe',
      followersCount: 2204,
      followsCount: 98,
      mediaCount: 31,
      biography: 'Coffee that compiles.',
      website: 'https://cafe.sandbox.invalid/',
    },
  });
  directory.addPage({ id: '2120000000000001', name: 'Sandbox Plaza', category: 'Public Square', ownerId: null, isLocation: true });
  directory.addPage({ id: '2120000000000002', name: 'Sandbox Park', category: 'Park', ownerId: null, isLocation: true });
}
