/** A CRM list (segment) as lists v3 describes it [SRC codegen `PublicObjectList`]. */
export interface CrmList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT';
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  listVersion: number;
  /** recordId → membership timestamp (epoch ms). */
  members: Map<string, number>;
}

export type ListSeed = Pick<CrmList, 'name'> & Partial<Pick<CrmList, 'listId' | 'objectTypeId' | 'processingType'>> & { members?: string[] };

export class ListStore {
  readonly #lists = new Map<string, CrmList>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  create(seed: ListSeed): CrmList {
    const at = this.#now();
    const listId = seed.listId ?? String(this.#nextId);
    this.#nextId = Math.max(this.#nextId, Number(listId) + 1 || this.#nextId + 1);
    const list: CrmList = {
      listId,
      name: seed.name,
      objectTypeId: seed.objectTypeId ?? '0-1',
      processingType: seed.processingType ?? 'MANUAL',
      createdAt: at,
      updatedAt: at,
      listVersion: 1,
      members: new Map((seed.members ?? []).map((id) => [id, at])),
    };
    this.#lists.set(listId, list);
    return list;
  }

  /** A list that is not deleted. */
  get(listId: string): CrmList | undefined {
    const list = this.#lists.get(listId);
    return list && list.deletedAt === undefined ? list : undefined;
  }

  byName(objectTypeId: string, name: string): CrmList | undefined {
    return [...this.#lists.values()].find((l) => l.deletedAt === undefined && l.objectTypeId === objectTypeId && l.name === name);
  }

  all(): CrmList[] {
    return [...this.#lists.values()].filter((l) => l.deletedAt === undefined);
  }

  delete(listId: string): void {
    const list = this.get(listId);
    if (list) list.deletedAt = this.#now();
  }

  /** Adds ids; answers which were new (ids already in the list are neither added nor missing). */
  add(list: CrmList, ids: readonly string[]): string[] {
    const at = this.#now();
    const added: string[] = [];
    for (const id of ids) {
      if (list.members.has(id)) continue;
      list.members.set(id, at);
      added.push(id);
    }
    if (added.length > 0) {
      list.updatedAt = at;
      list.listVersion += 1;
    }
    return added;
  }

  remove(list: CrmList, ids: readonly string[]): string[] {
    const removed = ids.filter((id) => list.members.delete(id));
    if (removed.length > 0) {
      list.updatedAt = this.#now();
      list.listVersion += 1;
    }
    return removed;
  }

  /** Ids in ascending numeric order, the order `GET …/memberships` pages them in. */
  memberIds(list: CrmList): string[] {
    return [...list.members.keys()].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }
}
