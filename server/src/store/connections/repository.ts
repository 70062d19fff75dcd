import type { Table } from '../table';
import type { TokenCodec } from '../tokens';
import { ADMIN_OWNER, userOwner, type ConnectionMatch, type ConnectionRepository, type OwnerScope } from '../types';
import {
  activeOfKind,
  ALL,
  byId,
  byIds,
  byInstagramUserId,
  byMetaUserId,
  byOwner,
  ownedBy,
  UNOWNED,
  DUE_FOR_REFRESH_ORDER,
  dueForRefresh,
  ID_ORDER,
  LIST_ORDER,
  refreshLockFree,
  refreshLockHeldBy,
} from './filters';
import { CONNECTION_TOKEN_FIELDS, createConnectionMapper, ownerKeyOf, ownerOf, toProfile, type ConnectionField } from './mapper';

/** The connections repository of every backend: the backend supplies only its table (its query dialect). */
export const createConnectionRepository = (table: Table<ConnectionField>, tokens: TokenCodec): ConnectionRepository => {
  const { fromRow, toRow, toNewRow } = createConnectionMapper(tokens);

  /**
   * The ids, in list order, of a scope's connections that `match` names. The Instagram username
   * lives inside the profile, a JSON column in SQL databases that no portable query can match
   * part of, so this reads the scope's owner keys and profiles only (no token is decrypted) and
   * matches here, the same way for every backend.
   */
  const matchingIds = async (scope: OwnerScope, match: ConnectionMatch) => {
    const owners = new Set(match.userIds.map((userId) => ownerKeyOf(userOwner(userId))));
    const username = match.username.toLowerCase();
    const rows = await table.find(byOwner(scope), { sort: LIST_ORDER, fields: ['id', 'ownerKey', 'profile'] });
    return rows
      .filter((row) => owners.has(String(row.ownerKey)) || (username !== '' && toProfile(row.profile).username.toLowerCase().includes(username)))
      .map((row) => String(row.id));
  };

  return {
    async list(scope = ADMIN_OWNER, page) {
      return (await table.find(byOwner(scope), { sort: LIST_ORDER, ...(page ? { limit: page.limit, offset: page.offset } : {}) })).map(fromRow);
    },
    async findById(id) {
      if (!table.isId(id)) return null;
      const row = await table.findOne(byId(id));
      return row ? fromRow(row) : null;
    },
    async findOwned(id, owner) {
      if (!table.isId(id)) return null;
      const row = await table.findOne(ownedBy(id, owner));
      return row ? fromRow(row) : null;
    },
    async findByInstagramUserId(instagramUserId, owner = ADMIN_OWNER) {
      const row = await table.findOne(byInstagramUserId(instagramUserId, owner));
      return row ? fromRow(row) : null;
    },
    async findByMetaUserId(metaUserId) {
      return (await table.find(byMetaUserId(metaUserId))).map(fromRow);
    },
    async upsertByInstagramUserId(data) {
      return fromRow(await table.upsert(byInstagramUserId(data.instagramUserId, ownerOf(data)), toNewRow(data)));
    },
    async update(id, patch) {
      if (!table.isId(id)) return null;
      const row = await table.updateOne(byId(id), toRow(patch));
      return row ? fromRow(row) : null;
    },
    async patch(id, patch) {
      if (!table.isId(id)) return false;
      return (await table.updateMany(byId(id), toRow(patch))) === 1;
    },
    async delete(id) {
      if (!table.isId(id)) return false;
      return (await table.deleteMany(byId(id))) > 0;
    },
    async listDueForRefresh({ limit, ...query }) {
      return (await table.find(dueForRefresh(query), { sort: DUE_FOR_REFRESH_ORDER, limit })).map(fromRow);
    },
    async listActiveByKind({ limit, ...query }) {
      return (await table.find(activeOfKind(query), { sort: ID_ORDER, limit })).map(fromRow);
    },
    async claimForRefresh(ids, owner, now, lockUntil) {
      const valid = ids.filter((id) => table.isId(id));
      if (valid.length === 0) return [];
      // One conditional update claims the whole batch (atomic per record); reading back by owner tells who won.
      await table.updateMany(refreshLockFree(valid, now), { refreshLockedUntil: lockUntil, refreshLockOwner: owner });
      const won = await table.find(refreshLockHeldBy(valid, owner, lockUntil), { fields: ['id'] });
      return won.map((row) => String(row.id));
    },
    async count(scope) {
      return table.count(scope ? byOwner(scope) : ALL);
    },
    async search(scope, match, { limit, offset }) {
      const ids = await matchingIds(scope, match);
      const pageIds = ids.slice(offset, offset + limit);
      if (pageIds.length === 0) return { results: [], total: ids.length };
      const rows = await table.find(byIds(pageIds), { sort: LIST_ORDER });
      return { results: rows.map(fromRow), total: ids.length };
    },
    async countUserOwners() {
      const rows = await table.find(byOwner({ kind: 'users' }), { fields: ['ownerKey'] });
      return new Set(rows.map((row) => row.ownerKey)).size;
    },
    async adoptUnowned() {
      return table.updateMany(UNOWNED, { ownerKind: 'admin', ownerKey: ownerKeyOf(ADMIN_OWNER) });
    },
    async reencryptTokens() {
      let changed = 0;
      for await (const row of table.scan([...CONNECTION_TOKEN_FIELDS])) {
        const data = tokens.reencrypt(row, CONNECTION_TOKEN_FIELDS);
        if (!data) continue;
        await table.updateMany(byId(row.id), data);
        changed += 1;
      }
      return changed;
    },
  };
};
