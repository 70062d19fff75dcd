import { Flex, Th, Tooltip, Typography } from '@strapi/design-system';
import { CaretDown } from '@strapi/icons';
import type * as React from 'react';
import { styled } from 'styled-components';
import type { PublicationSort, PublicationSortField } from '../api';
import { useT } from '../hooks/useT';

interface SortableHeaderProps {
  label: string;
  field: PublicationSortField;
  sort: PublicationSort;
  onSort: (field: PublicationSortField) => void;
}

/**
 * A column header that orders the list, as Strapi's own list views draw theirs (Table.HeaderCell):
 * the whole cell is the control (click, Enter or Space), a caret shows the direction of the sorted one.
 */
export const SortableHeader = ({ label, field, sort, onSort }: SortableHeaderProps) => {
  const t = useT();
  const sorted = sort.field === field;
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onSort(field);
  };
  return (
    <SortableTh
      onClick={() => onSort(field)}
      onKeyDown={onKeyDown}
      tabIndex={0}
      aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
      data-testid={`sort-${field}`}
    >
      <Tooltip label={t('publications.sortOn', { label })}>
        <Flex gap={1}>
          <Typography textColor="neutral600" tag="span" variant="sigma">
            {label}
          </Typography>
          {sorted ? <SortIcon $isUp={sort.direction === 'asc'} aria-hidden /> : null}
        </Flex>
      </Tooltip>
    </SortableTh>
  );
};

const SortableTh = styled(Th)`
  cursor: pointer;
`;

const SortIcon = styled(CaretDown)<{ $isUp: boolean }>`
  transform: ${({ $isUp }) => `rotate(${$isUp ? '180' : '0'}deg)`};
`;
