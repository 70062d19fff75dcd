import { Box, Flex, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';

interface SectionCardProps {
  title: string;
  subtitle?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** The white, shadowed block Strapi's settings pages group their fields in. */
export const SectionCard = ({ title, subtitle, action, children, testId }: SectionCardProps) => (
  <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {subtitle ? (
            <Typography variant="pi" textColor="neutral600">
              {subtitle}
            </Typography>
          ) : null}
        </Flex>
        {action}
      </Flex>
      {children}
    </Flex>
  </Box>
);
