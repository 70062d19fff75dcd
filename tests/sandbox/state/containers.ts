import type { SandboxClock } from '../clock';
import { DAY } from '../clock';
import { subcodeMessage } from '../errors';
import { idSequence } from '../ids';
import type { ContainerKind, ContainerStatusCode, SandboxContainerView } from '../types';

export type Host = 'instagram' | 'facebook';

export interface ContainerRecord {
  id: string;
  igUserId: string;
  host: Host;
  kind: ContainerKind;
  params: Record<string, string>;
  children?: string[];
  /** sandbox clock, for the 24 h EXPIRED rule */
  createdAt: number;
  /** real clock, for IN_PROGRESS → FINISHED */
  readyAtReal: number;
  /** false while an asynchronous video check runs */
  checked: boolean;
  error?: { subcode: number; message: string };
  publishedMediaId?: string;
  media?: { format: string; bytes: number; width?: number; height?: number; durationSec?: number };
}

/** The error a container reports in its status: the subcode's known message unless one is given. */
export function containerError(subcode: number, message?: string): NonNullable<ContainerRecord['error']> {
  return { subcode, message: message ?? subcodeMessage(subcode) };
}

/** Media containers and their lifecycle: IN_PROGRESS → FINISHED → PUBLISHED, or ERROR, or EXPIRED after 24 h. */
export class ContainerBook {
  private readonly containers = new Map<string, ContainerRecord>();
  readonly nextId = idSequence('179', 17);

  constructor(private readonly clock: SandboxClock) {}

  get(id: string): ContainerRecord | undefined {
    return this.containers.get(id);
  }

  add(c: ContainerRecord): void {
    this.containers.set(c.id, c);
  }

  list(igUserId?: string): ContainerRecord[] {
    return [...this.containers.values()].filter((c) => !igUserId || c.igUserId === igUserId);
  }

  /** Processing uses real time (the worker polls in real time); expiry uses the sandbox clock. */
  statusCode(c: ContainerRecord): ContainerStatusCode {
    if (c.publishedMediaId) return 'PUBLISHED';
    const processed = c.checked && Date.now() >= c.readyAtReal;
    if (c.error && processed) return 'ERROR';
    if (this.clock.now() - c.createdAt >= DAY) return 'EXPIRED';
    return processed ? 'FINISHED' : 'IN_PROGRESS';
  }

  statusText(code: ContainerStatusCode, c: ContainerRecord): string {
    switch (code) {
      case 'IN_PROGRESS':
        return 'In Progress: Media is still being processed.';
      case 'FINISHED':
        return 'Finished: Media has been uploaded and it is ready to be published.';
      case 'PUBLISHED':
        return 'Published: Media has been successfully published.';
      case 'EXPIRED':
        return 'Expired: The media was not published within 24 hours.';
      case 'ERROR':
        return `Error: ${c.error?.message ?? 'Media upload has failed'} (${c.error?.subcode ?? 2207001})`;
    }
  }

  /** Skip the remaining processing time. */
  finish(c: ContainerRecord): void {
    c.readyAtReal = Math.min(c.readyAtReal, Date.now());
  }

  /** Turn the container to ERROR now. */
  fail(c: ContainerRecord, subcode: number, message?: string): void {
    c.error = containerError(subcode, message);
    this.finish(c);
    c.checked = true;
  }

  /** True once a published carousel holds this child: a child is published once, like any container. */
  publishedInCarousel(childId: string): boolean {
    return this.list().some((o) => o.kind === 'CAROUSEL' && o.publishedMediaId && o.children?.includes(childId));
  }

  view(c: ContainerRecord): SandboxContainerView {
    const code = this.statusCode(c);
    return {
      id: c.id,
      igUserId: c.igUserId,
      kind: c.kind,
      host: c.host,
      statusCode: code,
      status: this.statusText(code, c),
      params: { ...c.params },
      children: c.children ? [...c.children] : undefined,
      createdAt: c.createdAt,
      publishedMediaId: c.publishedMediaId,
      media: c.media ? { ...c.media } : undefined,
    };
  }
}
