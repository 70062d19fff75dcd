import path from 'path';

/** SQLite by default (one file per test worker via DATABASE_FILENAME); PostgreSQL when DATABASE_CLIENT=postgres. */
export default ({ env }) => {
  // The installed better-sqlite3 addon is compiled for the Node that ran `npm install`. Runs under
  // another Node (tests/node-versions/run.ts) point this at a copy compiled for that Node's ABI.
  const sqliteBinding = env('DATABASE_SQLITE_NATIVE_BINDING', '');
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'instagram_publisher_test'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: 0, max: env.int('DATABASE_POOL_MAX', 10) },
        // Knex keeps the stack of the code that built each query: tells where a failed query came from.
        ...(env.bool('DATABASE_ASYNC_STACK_TRACES', false) ? { asyncStackTraces: true } : {}),
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(env('APP_ROOT', path.join(__dirname, '..', '..')), env('DATABASE_FILENAME', '.tmp/data.db')),
        // knex hands connection.options to the better-sqlite3 constructor (nativeBinding included).
        ...(sqliteBinding ? { options: { nativeBinding: sqliteBinding } } : {}),
      },
      useNullAsDefault: true,
      pool: {
        // WAL with normal sync: one fsync per checkpoint instead of per write, as any
        // SQLite app that writes often should run.
        afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('busy_timeout = 5000');
          done(null, connection);
        },
      },
    },
  };
};
