import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web app's sessions, kept by connect-pg-simple (its table layout): a session id, the
 * session (the signed-in person's API token and name), and when it expires. The application
 * login may read and write it (default privileges); expired rows are pruned by the store.
 */
export class WebSessions1764979200000 implements MigrationInterface {
  name = 'WebSessions1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE web_sessions (sid varchar PRIMARY KEY, sess json NOT NULL, expire timestamp(6) NOT NULL)`);
    await q.query(`CREATE INDEX web_sessions_expire_idx ON web_sessions (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
  }
}
