import type { Core } from '@strapi/strapi';
import { listPublications } from '../../integration/publishing/helpers';
import type { PublicationRow } from './ledger';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};

/** A short random tag, so titles (and so captions) are unique across runs on one sandbox. */
export const runTag = () => Math.random().toString(36).slice(2, 8);

const TERMINAL = new Set(['published', 'failed', 'cancelled']);

/** Every publication of the app, read through the plugin's store (all pages). */
export const allPublications = async (strapi: Core.Strapi): Promise<PublicationRow[]> => {
  const rows: PublicationRow[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await listPublications(strapi, { page, pageSize: 100 });
    rows.push(...batch);
    if (batch.length < 100) return rows;
  }
};

/** The rows keeping a run from settling, for the figure's note. */
export const unsettled = (rows: PublicationRow[]) =>
  rows
    .filter((row) => !TERMINAL.has(row.status) || (row as { leaseOwner?: string | null }).leaseOwner)
    .slice(0, 5)
    .map((row) => `${row.id} ${row.status}${(row as { leaseOwner?: string | null }).leaseOwner ? ' (lease held)' : ''}`)
    .join(', ');

/** Waits until `expected` publications have settled with no lease held, or `deadline` (epoch ms) passes. */
export const waitSettled = async (strapi: Core.Strapi, expected: number, deadline: number, onTick?: (rows: PublicationRow[]) => void, { leasesMatter = true } = {}) => {
  let rows: PublicationRow[] = [];
  while (Date.now() < deadline) {
    rows = await allPublications(strapi).catch(() => rows);
    onTick?.(rows);
    const done = (row: PublicationRow) => TERMINAL.has(row.status) && (!leasesMatter || !(row as { leaseOwner?: string | null }).leaseOwner);
    if (rows.length >= expected && rows.every(done)) return { rows, settled: true };
    await sleep(250);
  }
  return { rows, settled: false };
};
