import { Alert, Flex, Typography } from '@strapi/design-system';
import { useT } from '../hooks/useT';

/** What is left to do before anyone can connect an account, as the server lists it. */
export const SetupChecklist = ({ missing }: { missing: string[] }) => {
  const t = useT();
  if (missing.length === 0) return null;
  return (
    <Alert variant="warning" title={t('status.missing')} closeLabel={t('common.close')} data-testid="setup-checklist">
      <Flex tag="ol" direction="column" alignItems="flex-start" gap={1} paddingTop={1}>
        {missing.map((item, index) => (
          <Typography tag="li" key={item} variant="omega">
            {index + 1}. {item}
          </Typography>
        ))}
      </Flex>
    </Alert>
  );
};
