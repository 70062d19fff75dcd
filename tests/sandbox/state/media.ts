import { idSequence } from '../ids';
import type { SandboxMedia } from '../types';

/** Published media: every node by id, and each account's top-level posts in publishing order. */
export class MediaLibrary {
  private readonly media = new Map<string, SandboxMedia>();
  private readonly byUser = new Map<string, string[]>();
  readonly nextId = idSequence('180', 17);
  readonly nextCommentId = idSequence('1799', 17);

  get(id: string): SandboxMedia | undefined {
    return this.media.get(id);
  }

  /** Carousel children (with parentId) are nodes of their own but not posts of the account. */
  add(m: SandboxMedia): void {
    this.media.set(m.id, m);
    if (m.parentId) return;
    let list = this.byUser.get(m.igUserId);
    if (!list) this.byUser.set(m.igUserId, (list = []));
    list.push(m.id);
  }

  /** An account's published top-level media, oldest first. */
  ofUser(igUserId: string): SandboxMedia[] {
    return (this.byUser.get(igUserId) ?? []).map((id) => this.media.get(id)!);
  }

  values(): IterableIterator<SandboxMedia> {
    return this.media.values();
  }
}
