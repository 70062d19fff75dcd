import { Avatar } from '@strapi/design-system';

interface AccountAvatarProps {
  username: string | null;
  pictureUrl: string | null;
}

/** An Instagram profile picture, or the account's initial when there is none. */
export const AccountAvatar = ({ username, pictureUrl }: AccountAvatarProps) => (
  <Avatar.Item
    src={pictureUrl ?? undefined}
    alt={username ? `@${username}` : ''}
    fallback={(username || '?').slice(0, 1).toUpperCase()}
    delayMs={0}
  />
);
