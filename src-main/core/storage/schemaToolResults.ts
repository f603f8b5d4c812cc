/** Tool rows keep their call's structured result (issue 14): the UI reads it instead of the model-facing text. */
import type { Migration } from './migrations';

export const toolResultMigration = (version: number): Migration => ({
  version,
  name: 'messages_tool_result',
  up(db) {
    db.exec('ALTER TABLE messages ADD COLUMN tool_result_json TEXT');
  },
});
