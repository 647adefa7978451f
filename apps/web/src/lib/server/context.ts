import { join } from 'node:path';
import { defaultSignInLimits, type SignInLimits } from './auth/accounts';
import type { WebConfig } from './config';
import { openPostgresStore } from './db/postgres-store';
import { openSqliteStore } from './db/sqlite-store';
import type { Store } from './db/store';
import { loadSecret } from './secret';

/** Everything the request handlers share, built once at start-up from the configuration. */
export interface AppContext {
  config: WebConfig;
  store: Store;
  /** HS256 secret shared with the relay. */
  secret: string;
  signInLimits: SignInLimits;
}

/** Load the secret and open the database. */
export async function createAppContext(config: WebConfig): Promise<AppContext> {
  const secret = await loadSecret(config.dataDir, config.secret);
  return {
    config,
    // Several web processes beside several relay processes share PostgreSQL (issue 9).
    store: config.databaseUrl
      ? await openPostgresStore({
          connectionString: config.databaseUrl,
          schema: config.databaseSchema,
        })
      : openSqliteStore(join(config.dataDir, 'muster.db')),
    secret,
    signInLimits: defaultSignInLimits(),
  };
}
