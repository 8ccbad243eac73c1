import { openStore } from '../../../src/runtime/store/open-store.ts';
import { tempDb } from '../../helpers/runtime-fixtures.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('SQLite', async () => {
  const url = tempDb();
  const open = async () => {
    const store = await openStore(url);
    await store.migrate();
    return store;
  };
  return { store: await open(), reopen: open };
});
