/**
 * State that lives as long as one connector context: one connection in one process. Caches and
 * ledgers kept this way are never shared between connections (two portals, two tests), and a
 * restarted process starts without them, so none of them may be needed for correctness across
 * a crash — only for fewer requests and fairer choices while the process lives.
 */
export function perContext<T>(create: () => T): (ctx: object) => T {
  const byContext = new WeakMap<object, T>();
  return (ctx) => {
    let state = byContext.get(ctx);
    if (state === undefined) {
      state = create();
      byContext.set(ctx, state);
    }
    return state;
  };
}
