import { idSequence } from '../ids';
import type { CommentInput, SandboxComment, SandboxMedia } from '../types';

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

  /** A comment or reply by id, with the media it is on. */
  findComment(id: string): { media: SandboxMedia; comment: SandboxComment } | undefined {
    for (const media of this.media.values()) {
      const comment = media.comments.find((c) => c.id === id);
      if (comment) return { media, comment };
    }
    return undefined;
  }

  /** Adds a comment or reply; a reply to a reply goes to its top-level comment, as on Instagram. */
  addComment(media: SandboxMedia, input: CommentInput, now: number): SandboxComment {
    let parentId = input.parentId;
    if (parentId) {
      const parent = media.comments.find((c) => c.id === parentId);
      if (!parent) throw new Error(`sandbox: comment ${parentId} is not on media ${media.id}`);
      parentId = parent.parentId ?? parent.id;
    }
    const comment: SandboxComment = {
      id: this.nextCommentId(),
      text: input.text,
      timestamp: now,
      username: input.username ?? 'a_follower',
      ...(parentId ? { parentId } : {}),
      ...(input.hidden ? { hidden: true } : {}),
      ...(input.likeCount ? { likeCount: input.likeCount } : {}),
    };
    media.comments.push(comment);
    return comment;
  }

  /** Deletes a comment; a top-level comment takes its replies with it. */
  deleteComment(media: SandboxMedia, id: string): void {
    media.comments = media.comments.filter((c) => c.id !== id && c.parentId !== id);
  }

  values(): IterableIterator<SandboxMedia> {
    return this.media.values();
  }
}
