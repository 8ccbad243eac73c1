/** An owner as `GET /crm/v3/owners` returns it [SRC codegen `PublicOwner`; wire-formats.md C2]. */
export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  userIdIncludingInactive: number;
  type: 'PERSON' | 'QUEUE';
  teams: Array<{ id: string; name: string; primary: boolean }>;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export type OwnerSeed = Pick<Owner, 'id' | 'email'> & Partial<Omit<Owner, 'id' | 'email'>>;

export class OwnerStore {
  readonly #owners = new Map<string, Owner>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  add(seed: OwnerSeed): Owner {
    const at = this.#now();
    const userId = seed.userId ?? Number(seed.id) + 1000;
    const owner: Owner = {
      firstName: '',
      lastName: '',
      userId,
      userIdIncludingInactive: userId,
      type: 'PERSON',
      teams: [],
      archived: false,
      createdAt: at,
      updatedAt: at,
      ...seed,
    };
    this.#owners.set(owner.id, owner);
    return owner;
  }

  get(id: string): Owner | undefined {
    return this.#owners.get(id);
  }

  /** In id order, which is the order HubSpot pages them in. */
  list(): Owner[] {
    return [...this.#owners.values()].sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  }

  /** Ids a record's `hubspot_owner_id` may take: active owners only. */
  activeIds(): Set<string> {
    return new Set(this.list().filter((o) => !o.archived).map((o) => o.id));
  }
}
