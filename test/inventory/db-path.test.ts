import { describe, expect, it } from 'vitest';
import { resolveDbPath } from '../../src/inventory/db-path.js';

describe('resolveDbPath', () => {
  const configured = () => '/etc-chosen/inventory.db';

  it('--db first, then LANAUDIT_DB, then the configuration, then the default', () => {
    const env = { LANAUDIT_DB: '/srv/audit.db', HOME: '/home/ann' };
    expect(resolveDbPath({ explicit: '/tmp/given.db', configured }, env, 1000)).toBe('/tmp/given.db');
    expect(resolveDbPath({ configured }, env, 1000)).toBe('/srv/audit.db');
    expect(resolveDbPath({ configured }, { HOME: '/home/ann' }, 1000)).toBe('/etc-chosen/inventory.db');
    expect(resolveDbPath({ configured: () => undefined }, { HOME: '/home/ann' }, 1000)).toBe('/home/ann/.local/share/lanaudit/inventory.db');
  });

  it('reads the configuration only when neither --db nor LANAUDIT_DB decides', () => {
    let read = 0;
    const counting = () => {
      read++;
      return '/etc-chosen/inventory.db';
    };
    resolveDbPath({ explicit: '/tmp/given.db', configured: counting }, {}, 1000);
    resolveDbPath({ configured: counting }, { LANAUDIT_DB: '/srv/audit.db' }, 1000);
    expect(read).toBe(0);
  });

  it('uses LANAUDIT_DB when set, whoever runs it', () => {
    expect(resolveDbPath({}, { LANAUDIT_DB: '/srv/audit.db', HOME: '/home/ann' }, 0)).toBe('/srv/audit.db');
    expect(resolveDbPath({}, { LANAUDIT_DB: '/srv/audit.db', HOME: '/home/ann' }, 1000)).toBe('/srv/audit.db');
  });

  it('keeps root inventories under /var/lib', () => {
    expect(resolveDbPath({}, { HOME: '/root', XDG_DATA_HOME: '/root/.data' }, 0)).toBe('/var/lib/lanaudit/inventory.db');
  });

  it('uses the XDG data directory for other users', () => {
    expect(resolveDbPath({}, { HOME: '/home/ann', XDG_DATA_HOME: '/home/ann/data' }, 1000)).toBe('/home/ann/data/lanaudit/inventory.db');
    expect(resolveDbPath({}, { HOME: '/home/ann' }, 1000)).toBe('/home/ann/.local/share/lanaudit/inventory.db');
  });

  it('ignores empty values and a relative XDG_DATA_HOME (invalid per the XDG spec)', () => {
    expect(resolveDbPath({ explicit: '', configured: () => '' }, { LANAUDIT_DB: '', HOME: '/home/ann', XDG_DATA_HOME: 'data' }, 1000)).toBe(
      '/home/ann/.local/share/lanaudit/inventory.db',
    );
  });
});
