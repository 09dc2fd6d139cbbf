/**
 * The body a webhook receives, field for field the shape of the container registry's repository
 * webhook (push_data + repository), so a receiver written for that service works unchanged.
 */
export interface PushPayload {
  readonly push_data: {
    readonly digest: string;
    /** "YYYY-MM-DD HH:mm:ss", UTC. */
    readonly pushed_at: string;
    readonly tag: string;
  };
  readonly repository: {
    readonly date_created: string;
    readonly name: string;
    readonly namespace: string;
    /** Where the image lives: the registry's host[:port] (the hosted service put its region here). */
    readonly region: string;
    readonly repo_authentication_type: 'NO_CERTIFIED';
    readonly repo_full_name: string;
    readonly repo_origin_type: 'NO_CERTIFIED';
    readonly repo_type: 'PUBLIC' | 'PRIVATE';
  };
}

export interface PayloadRepository {
  readonly name: string;
  readonly namespace: string;
  /** The registry's host[:port]. */
  readonly registry: string;
  readonly type: 'public' | 'private';
  /** ISO 8601. */
  readonly createdAt: string;
}

export interface PushedImage {
  readonly tag: string;
  readonly digest: string;
  /** ISO 8601. */
  readonly pushedAt: string;
}

/** "2017-10-16 11:37:36": the service's format, in UTC so the same push reads the same everywhere. */
export function payloadTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function pushPayload(repository: PayloadRepository, image: PushedImage): PushPayload {
  // Keys in the documented order: some receivers compare or log the raw text.
  return {
    push_data: { digest: image.digest, pushed_at: payloadTime(image.pushedAt), tag: image.tag },
    repository: {
      date_created: payloadTime(repository.createdAt),
      name: repository.name,
      namespace: repository.namespace,
      region: repository.registry,
      repo_authentication_type: 'NO_CERTIFIED',
      repo_full_name: `${repository.namespace}/${repository.name}`,
      repo_origin_type: 'NO_CERTIFIED',
      repo_type: repository.type === 'public' ? 'PUBLIC' : 'PRIVATE',
    },
  };
}

/** The tag and digest a test event carries: recognisable, and never a real image. */
export const testImage = (at: string): PushedImage => ({
  tag: 'slipway-test',
  digest: `sha256:${'0'.repeat(64)}`,
  pushedAt: at,
});
