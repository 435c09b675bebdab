/**
 * The fleet server's PostgreSQL schema, as numbered migrations applied in order, each in its own
 * transaction (see migrate.ts). Never edit a released migration: add the next one.
 *
 * Rows a site sends are keyed by (site_id, the site's own id), so applying a batch is a set of
 * idempotent upserts (src/sync/protocol.ts). Times are timestamptz; device text is stored as sent
 * (bounded by the protocol) and escaped where it is shown.
 */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'sites, tokens, batches; the sites’ scans, devices, verdicts, events and triage; users, sessions, audit',
    sql: `
      CREATE TABLE sites (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Expected time between scans, for "stale" (null: not known yet).
        schedule_seconds integer,
        acked_seq bigint NOT NULL DEFAULT 0,
        last_sync_at timestamptz,
        last_complete_scan_at timestamptz,
        agent_version text,
        agent_hostname text,
        failed_pushes integer NOT NULL DEFAULT 0,
        last_error text,
        last_error_at timestamptz,
        -- The site leaves alerting to the server (fleet-wide, one alert per device and state).
        central_alerts boolean NOT NULL DEFAULT false
      );

      -- Site tokens (agents, write to one site) and read tokens (scripts, fleet queries). Only the
      -- SHA-256 of a token is stored; the token itself is shown once.
      CREATE TABLE tokens (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('site', 'read')),
        site_id integer REFERENCES sites (id),
        name text NOT NULL,
        hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK ((kind = 'site') = (site_id IS NOT NULL))
      );
      CREATE INDEX tokens_site ON tokens (site_id) WHERE revoked_at IS NULL;

      -- Every batch applied, for duplicate detection and the site's sync history.
      CREATE TABLE batches (
        site_id integer NOT NULL REFERENCES sites (id),
        seq bigint NOT NULL,
        sha256 bytea NOT NULL,
        bytes integer NOT NULL,
        rows integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, seq)
      );

      CREATE TABLE scans (
        site_id integer NOT NULL REFERENCES sites (id),
        id bigint NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        scope text NOT NULL,
        ranges jsonb NOT NULL,
        engine text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
        hosts integer NOT NULL,
        flagged integer NOT NULL,
        error text,
        PRIMARY KEY (site_id, id)
      );
      CREATE INDEX scans_started ON scans (started_at DESC);

      CREATE TABLE devices (
        site_id integer NOT NULL REFERENCES sites (id),
        id bigint NOT NULL,
        mac text,
        ip text NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        name text,
        location jsonb,
        verdict_id bigint,
        status text CHECK (status IN ('covered', 'review', 'clear')),
        covered text,
        manufacturer text,
        manufacturer_name text,
        brand text,
        model text,
        serial text,
        firmware text,
        -- The triage status in force (latest decision by at, uid), kept by apply for filters.
        triage_status text NOT NULL DEFAULT 'open',
        triage_until timestamptz,
        PRIMARY KEY (site_id, id)
      );
      -- Keyset pagination and the fleet filters: flagged first, newest first, then key.
      CREATE INDEX devices_status ON devices (status, last_seen DESC, site_id, id);
      CREATE INDEX devices_last_seen ON devices (last_seen DESC, site_id, id);
      CREATE INDEX devices_covered ON devices (covered, last_seen DESC) WHERE covered IS NOT NULL;
      CREATE INDEX devices_mac ON devices (mac) WHERE mac IS NOT NULL;
      CREATE INDEX devices_ip ON devices (ip);
      CREATE INDEX devices_name ON devices (lower(name)) WHERE name IS NOT NULL;

      CREATE TABLE device_ips (
        site_id integer NOT NULL,
        device_id bigint NOT NULL,
        ip text NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        PRIMARY KEY (site_id, device_id, ip)
      );

      CREATE TABLE device_macs (
        site_id integer NOT NULL,
        device_id bigint NOT NULL,
        mac text NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        PRIMARY KEY (site_id, device_id, mac)
      );

      CREATE TABLE verdicts (
        site_id integer NOT NULL REFERENCES sites (id),
        id bigint NOT NULL,
        device_id bigint NOT NULL,
        scan_id bigint,
        at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('covered', 'review', 'clear')),
        covered text,
        manufacturer text,
        manufacturer_name text,
        brand text,
        model text,
        serial text,
        firmware text,
        confidence real NOT NULL,
        randomized_mac boolean NOT NULL,
        evidence jsonb NOT NULL,
        PRIMARY KEY (site_id, id)
      );
      CREATE INDEX verdicts_device ON verdicts (site_id, device_id, id);

      CREATE TABLE events (
        site_id integer NOT NULL REFERENCES sites (id),
        id bigint NOT NULL,
        scan_id bigint,
        device_id bigint NOT NULL,
        at timestamptz NOT NULL,
        type text NOT NULL CHECK (type IN ('new', 'gone', 'changed', 'reappeared')),
        field text,
        old text,
        new text,
        PRIMARY KEY (site_id, id)
      );
      CREATE INDEX events_at ON events (at DESC, site_id, id);
      CREATE INDEX events_device ON events (site_id, device_id, id);

      -- Every triage decision, from a site or central. id orders central decisions for delivery.
      CREATE TABLE triage (
        id bigserial PRIMARY KEY,
        uid text NOT NULL UNIQUE,
        site_id integer NOT NULL REFERENCES sites (id),
        device_id bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'waiver', 'false-positive', 'removed')),
        note text,
        by text NOT NULL,
        at timestamptz NOT NULL,
        until timestamptz,
        origin text NOT NULL CHECK (origin IN ('site', 'central')),
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX triage_device ON triage (site_id, device_id, at, uid);
      CREATE INDEX triage_central ON triage (site_id, id) WHERE origin = 'central';

      -- Fleet alerts: one per physical device (its MAC when it has a stable one, else site and id)
      -- and state, whichever site saw it first; delivered by the server for sites with central_alerts.
      CREATE TABLE fleet_alerts (
        id bigserial PRIMARY KEY,
        device_key text NOT NULL,
        state text NOT NULL,
        site_id integer NOT NULL REFERENCES sites (id),
        device_id bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        message text NOT NULL,
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        UNIQUE (device_key, state)
      );

      CREATE TABLE users (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
        role text NOT NULL CHECK (role IN ('viewer', 'triager', 'admin')),
        -- scrypt: "scrypt$N$r$p$salt-b64$hash-b64".
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Bumped by "logout everywhere" and password changes: older sessions stop working.
        session_epoch integer NOT NULL DEFAULT 0
      );

      -- Sessions stored server-side; the cookie holds a random id whose SHA-256 is the key.
      CREATE TABLE sessions (
        id_hash bytea PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id),
        epoch integer NOT NULL,
        csrf text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_user ON sessions (user_id);

      CREATE TABLE login_failures (
        key text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_failures_key ON login_failures (key, at);

      CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        detail jsonb
      );
      CREATE INDEX audit_at ON audit (at DESC);

      -- Report facts for the FAR 52.204-25(d) report (organization, contract, orders, UEI, CAGE, contact).
      CREATE TABLE report_facts (
        id integer PRIMARY KEY CHECK (id = 1),
        facts jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'keyset indexes for the fleet queries (devices by last seen, status, address, site; changes by time)',
    sql: `
      -- Sort keys as immutable functions, so an index can hold them. An IPv4 address as a number (its
      -- text does not sort: 10.0.0.10 < 10.0.0.2); anything else (IPv6, damaged) sorts first as -1.
      CREATE FUNCTION lanaudit_ipv4_key(ip text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN ip ~ '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}$'
          THEN ((split_part(ip, '.', 1)::bigint * 256 + split_part(ip, '.', 2)::bigint) * 256
                + split_part(ip, '.', 3)::bigint) * 256 + split_part(ip, '.', 4)::bigint
          ELSE -1 END
      $$;
      -- Flagged first when sorted descending: covered 3, review 2, not identified 1, clear 0.
      CREATE FUNCTION lanaudit_status_key(status text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE status WHEN 'covered' THEN 3 WHEN 'review' THEN 2 WHEN 'clear' THEN 0 ELSE 1 END
      $$;

      -- Every key ends in (site_id, id) and runs one way, so a page's start is one row comparison
      -- the index answers ((k, site_id, id) < cursor), whatever the ties. These replace migration 1's
      -- mixed-direction indexes, which a row comparison cannot use.
      DROP INDEX devices_status;
      DROP INDEX devices_last_seen;
      CREATE INDEX devices_key_seen ON devices (last_seen, site_id, id);
      CREATE INDEX devices_key_status ON devices (lanaudit_status_key(status), last_seen, site_id, id);
      CREATE INDEX devices_key_ip ON devices (lanaudit_ipv4_key(ip), site_id, id);
      CREATE INDEX devices_key_site ON devices (site_id, lanaudit_ipv4_key(ip), id);
      CREATE INDEX devices_site_seen ON devices (site_id, last_seen, id);

      DROP INDEX events_at;
      CREATE INDEX events_key_at ON events (at, site_id, id);
      CREATE INDEX events_site_at ON events (site_id, at, id);

      -- Maker and name filters match text anywhere in the value (ILIKE '%…%'): trigram indexes answer
      -- them without reading every device (a maker no device has took 1.8 s at 1M devices).
      -- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it.
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX devices_maker_trgm ON devices USING gin (manufacturer gin_trgm_ops, manufacturer_name gin_trgm_ops, brand gin_trgm_ops);
      DROP INDEX devices_name;
      CREATE INDEX devices_name_trgm ON devices USING gin (name gin_trgm_ops);
    `,
  },
  {
    version: 3,
    name: 'sightings waiting to move last_seen: a push records them, the server folds them in after acknowledging',
    sql: `
      -- An unchanged site's push is its scan and a few id ranges; moving last_seen of 10,000 device
      -- rows inside the push took seconds. The push stores the ranges here (one row each) and the
      -- server folds them into devices.last_seen right after (src/server/sync/fold-sightings.ts),
      -- at start-up and on a timer: a fold is idempotent (last_seen only moves forward).
      CREATE TABLE pending_sightings (
        id bigserial PRIMARY KEY,
        site_id integer NOT NULL REFERENCES sites (id),
        scan_id bigint NOT NULL,
        at timestamptz NOT NULL,
        lo bigint NOT NULL,
        hi bigint NOT NULL
      );
      CREATE INDEX pending_sightings_site ON pending_sightings (site_id, id);
    `,
  },
];
