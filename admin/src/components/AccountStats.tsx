import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ConnectionProfile } from '../api';
import { useT } from '../hooks/useT';

/** Followers, following and posts, as Instagram shows them on a profile. */
export const AccountStats = ({ profile }: { profile: ConnectionProfile }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const stat = (value: number | null, key: 'connections.followers' | 'connections.following' | 'connections.posts', testId: string) => (
    <Flex direction="column" alignItems="flex-start" data-testid={testId}>
      <Typography variant="delta" tag="span">
        {value === null || value === undefined ? '–' : formatNumber(value, { notation: value >= 10000 ? 'compact' : 'standard' })}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t(key, { count: value ?? 0 })}
      </Typography>
    </Flex>
  );
  return (
    <Flex gap={6}>
      {stat(profile.followersCount, 'connections.followers', 'followers')}
      {stat(profile.followsCount, 'connections.following', 'following')}
      {stat(profile.mediaCount, 'connections.posts', 'posts')}
    </Flex>
  );
};
