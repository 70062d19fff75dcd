import type { Table } from './table';
import type { SettingsRepository } from './types';

/** The settings repository of every backend: one JSON value per key. */
export const createSettingsRepository = (table: Table<'key' | 'value'>): SettingsRepository => ({
  async get<T>(key: string) {
    const row = await table.findOne({ key });
    return row ? ((row.value ?? null) as T | null) : null;
  },
  async set(key, value) {
    await table.upsert({ key }, { key, value });
  },
});
