import { describe, expect, it } from 'vitest';
import { defaultDbPath } from '../../src/inventory/db-path.js';

describe('defaultDbPath', () => {
  it('uses LANAUDIT_DB when set, whoever runs it', () => {
    expect(defaultDbPath({ LANAUDIT_DB: '/srv/audit.db', HOME: '/home/ann' }, 0)).toBe('/srv/audit.db');
    expect(defaultDbPath({ LANAUDIT_DB: '/srv/audit.db', HOME: '/home/ann' }, 1000)).toBe('/srv/audit.db');
  });

  it('keeps root inventories under /var/lib', () => {
    expect(defaultDbPath({ HOME: '/root', XDG_DATA_HOME: '/root/.data' }, 0)).toBe('/var/lib/lanaudit/inventory.db');
  });

  it('uses the XDG data directory for other users', () => {
    expect(defaultDbPath({ HOME: '/home/ann', XDG_DATA_HOME: '/home/ann/data' }, 1000)).toBe(
      '/home/ann/data/lanaudit/inventory.db',
    );
    expect(defaultDbPath({ HOME: '/home/ann' }, 1000)).toBe('/home/ann/.local/share/lanaudit/inventory.db');
  });

  it('ignores an empty LANAUDIT_DB and a relative XDG_DATA_HOME (invalid per the XDG spec)', () => {
    expect(defaultDbPath({ LANAUDIT_DB: '', HOME: '/home/ann', XDG_DATA_HOME: 'data' }, 1000)).toBe(
      '/home/ann/.local/share/lanaudit/inventory.db',
    );
  });
});
