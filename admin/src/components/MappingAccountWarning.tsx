import { Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { ConnectionView } from '../api';
import { useT } from '../hooks/useT';
import { handleOf, mappingAccountProblem } from '../utils/connections';
import { SettingsLink } from './SettingsLink';

interface MappingAccountWarningProps {
  connectionId: string | null | undefined;
  connections: ConnectionView[];
  /** Adds a link to the settings page (from the edit view). */
  withLink?: boolean;
}

/** Says that posts of a type will fail because the account its mapping names can no longer post. */
export const MappingAccountWarning = ({ connectionId, connections, withLink }: MappingAccountWarningProps) => {
  const t = useT();
  const problem = mappingAccountProblem(connectionId, connections);
  if (!problem) return null;
  return (
    <Flex gap={2} alignItems="flex-start" data-testid="mapping-account-warning">
      <Flex paddingTop={1}>
        <WarningCircle fill="warning600" width="12" height="12" />
      </Flex>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="pi" textColor="warning700">
          {problem.kind === 'missing'
            ? t('mappings.accountMissing')
            : t('mappings.accountUnusable', { account: handleOf(problem.connection) })}
        </Typography>
        {withLink ? <SettingsLink /> : null}
      </Flex>
    </Flex>
  );
};
