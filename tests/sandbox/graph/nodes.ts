import { GraphError, err } from '../errors';
import type { ContainerRecord } from '../state';
import type { SandboxFacebookUser, SandboxInstagramAccount, SandboxMedia, SandboxPage } from '../types';
import { canActFor } from './permissions';
import type { NodeCall, NodeKind } from './router';

/** The token's own Facebook user, reached as /me or by its id with a user token (Facebook Login only). */
export const FACEBOOK_USER: NodeKind<SandboxFacebookUser> = {
  type: 'User',
  hosts: ['facebook'],
  find: (core, id, token) =>
    token.kind !== 'facebook-page' && (id === 'me' || id === token.fbUserId) ? core.state.directory.fbUsers.get(token.fbUserId!) : undefined,
};

/** Containers and media belong to an account: for a token that cannot act for it, their ids do not exist. */
function hiddenFromOthers({ core, token, host, id, node, ctx }: NodeCall<{ igUserId: string }>): void {
  if (!canActFor(core, token, host, node.igUserId)) throw err.unsupported(ctx.method, id);
}

/** An Instagram professional account. A token for another account gets code 10, not "does not exist". */
export const IG_USER: NodeKind<SandboxInstagramAccount> = {
  type: 'IGUser',
  hosts: ['instagram', 'facebook'],
  find: (core, id) => core.state.directory.igAccounts.get(id),
  authorize({ core, token, host, id }) {
    if (!canActFor(core, token, host, id)) {
      throw new GraphError({ code: 10, message: '(#10) Application does not have permission for this action: the token does not belong to this Instagram account' });
    }
  },
};

/** A media container (Meta's ShadowIGMediaBuilder). */
export const CONTAINER: NodeKind<ContainerRecord> = {
  type: 'ShadowIGMediaBuilder',
  hosts: ['instagram', 'facebook'],
  find: (core, id) => core.state.containers.get(id),
  authorize: hiddenFromOthers,
};

/** A published post, reel, story or carousel child. */
export const MEDIA: NodeKind<SandboxMedia> = {
  type: 'IGMedia',
  hosts: ['instagram', 'facebook'],
  find: (core, id) => core.state.media.get(id),
  authorize: hiddenFromOthers,
};

/** A Facebook Page; who may read it is the Page route's business (location pages are public). */
export const PAGE: NodeKind<SandboxPage> = {
  type: 'Page',
  hosts: ['facebook'],
  find: (core, id) => core.state.directory.pages.get(id),
};

/** The order ids are looked up in, as Graph would resolve them; a new kind's module may add its own after these. */
export const NODE_KINDS = [FACEBOOK_USER, IG_USER, CONTAINER, MEDIA, PAGE] as ReadonlyArray<NodeKind<unknown>>;
