/**
 * `lanaudit config example`: a starting file with every section, each setting at its default or a
 * commented-out sample. Tests check that it passes `config check` unchanged.
 */
export const EXAMPLE_CONFIG = `# lanaudit configuration (YAML; a .json file with the same keys works too).
# Install as /etc/lanaudit/config.yaml, or pass --config FILE, or set LANAUDIT_CONFIG.
# It may hold secrets (SNMP communities, webhook tokens): chmod 600, owned by the user that scans.
# Unknown keys are errors: a misspelt setting is reported, never ignored. Check with: lanaudit config check

scope:
  # CIDRs, ranges (10.0.0.1-50) or addresses. Empty: this host's attached private subnets.
  targets: []
  #   - 10.0.0.0/24
  #   - 192.168.10.1-200
  exclude: []              # e.g. [10.0.0.1] to skip the gateway
  maxHosts: 65536          # refuse scopes larger than this
  allowPublic: false       # allow addresses outside private ranges
  linkLocal: false         # with no targets, also scan attached 169.254.0.0/16 subnets

discovery:
  engine: auto             # auto | native (TCP connects + neighbour table, no root) | nmap (ARP as root)
  # ports: [22, 80, 443, 554, 8000, 37777]   # TCP ports to try; default: lanaudit's built-in list
  timeoutMs: 1000          # per connection attempt
  concurrency: 256         # connection attempts in flight at once
  rate: 2000               # new probes per second, at most
  deep: false              # nmap engine: service/version detection (-sV)

probes:
  enabled: true            # banners, SNMP, mDNS, SSDP, ONVIF, SADP, DHIP
  timeoutMs: 2000          # per exchange, and the multicast listening window
  snmp:
    communities: [public]  # tried in turn; never printed or stored
    bySubnet: []           # e.g. [{ cidr: 10.20.0.0/16, communities: [s3cret] }]: that subnet's hosts hear only these

# When 'lanaudit agent' scans: a cron expression (minute hour day month weekday) or a period.
schedule:
  every: 6h                # 15m, 1h, 6h, 1d …; or instead: cron: "30 2 * * *"
  jitterSeconds: 0         # random delay before each scan, up to this many seconds

# Where to hear about a newly found covered device (FAR 52.204-25(d): one business day to report).
alerts:
  webhooks: []
  #   - url: https://alerts.example.com/lanaudit
  #     token: CHANGE-ME        # sent as "Authorization: Bearer …"
  #     hmacSecret: CHANGE-ME   # signs the body
  #     timeoutMs: 5000
  # syslog:
  #   enabled: true
  #   tag: lanaudit
  catchUpDays: 7           # a target added later still gets the alerts of the last 7 days whose device needs action; 0: none

# Who the reports are for (FAR 52.204-25(d) report fields).
report: {}
  # organization: Example Corp
  # site: Headquarters
  # contract: W912XX-24-C-0001
  # order: "0003"
  # uei: ABCDEFGH1234       # 12-character SAM Unique Entity ID
  # cage: 1A2B3             # 5-character CAGE code
  # contact: it-security@example.com
  # farClause: 52.204-25(d)
  # deadlines: { initial: 1bd, followUp: 10bd }

# Pruned after each complete scan and by 'lanaudit prune'. Never deleted: the newest observation of
# each fact about a device (so no verdict changes), nor a scan change tracking still counts from.
retention: {}
  # keepScans: 200           # at least tracking.goneAfterScans
  # keepObservationsDays: 365

tracking:
  goneAfterScans: 3        # a device missing from this many completed scans of its subnet is "gone"

database: {}
  # path: /var/lib/lanaudit/inventory.db   # --db and $LANAUDIT_DB win; default /var/lib/lanaudit as root

identification:
  registryMaxAgeMonths: 12 # status, scans and reports warn when the IEEE OUI registry is older (lanaudit oui update)

# This site pushes its inventory to a fleet server (README "A site in the fleet"); absent: it stands alone.
# fleet:
#   url: https://fleet.example:8443
#   site: hq                               # as enrolled: lanaudit server site add hq
#   tokenFile: /etc/lanaudit/fleet.token   # the site token printed at enrollment (or token: lsa_…)
#   caFile: /etc/lanaudit/fleet-ca.pem     # the server's CA; absent: the system's CAs
#   alerts: local                          # central: the fleet server sends this site's alerts

# Only on the fleet server's host (README "Fleet server"): lanaudit server reads this section.
# server:
#   pgFile: /etc/lanaudit/pg.url           # a file holding postgres://user:password@host/db (or pg: …)
#   listen: { host: 0.0.0.0, port: 8443 }
#   tls: { cert: /etc/lanaudit/server.crt, key: /etc/lanaudit/server.key }   # required off loopback
#   database: { statementTimeoutSeconds: 30, lockTimeoutSeconds: 10 }   # over a limit a request answers 503
`;
