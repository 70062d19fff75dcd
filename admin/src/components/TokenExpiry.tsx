import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { daysUntil } from '../utils/dates';
import { useT } from '../hooks/useT';

interface TokenExpiryProps {
  expiresAt: string | null;
  label: string;
  testId?: string;
}

/** "Token expires 12 Jan 2027 (in 58 days)", "never expires", or "expired 3 days ago". */
export const TokenExpiry = ({ expiresAt, label, testId }: TokenExpiryProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const days = daysUntil(expiresAt);
  const textColor = days === null ? 'neutral800' : days < 0 ? 'danger600' : days <= 7 ? 'warning600' : 'neutral800';

  return (
    <Typography variant="omega" textColor={textColor} data-testid={testId}>
      <Typography variant="omega" fontWeight="semiBold">
        {label}
      </Typography>{' '}
      {expiresAt === null
        ? t('connections.expiry.never')
        : t(days !== null && days < 0 ? 'connections.expiry.past' : 'connections.expiry.future', {
            date: formatDate(new Date(expiresAt), { dateStyle: 'medium' }),
            days: Math.abs(days ?? 0),
          })}
    </Typography>
  );
};
