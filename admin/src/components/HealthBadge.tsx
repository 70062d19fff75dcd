import { Status, Typography } from '@strapi/design-system';
import type { ConnectionHealth } from '../api';
import { useT } from '../hooks/useT';

const VARIANT = {
  healthy: 'success',
  expiring: 'warning',
  reconnect_needed: 'danger',
  action_required: 'danger',
  data_access_expiring: 'warning',
} as const;

/** A connection's health in Strapi's status style (green / orange / red). */
export const HealthBadge = ({ health }: { health: ConnectionHealth }) => {
  const t = useT();
  return (
    <Status variant={VARIANT[health] ?? 'neutral'} size="S" data-testid="health-badge">
      <Typography tag="span" variant="omega" fontWeight="bold">
        {t(`health.${health}`)}
      </Typography>
    </Status>
  );
};
