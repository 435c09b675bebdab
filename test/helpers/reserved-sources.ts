/**
 * Public sources reserved for independent evaluation (DEVELOPERS.md, "Measuring identification
 * honestly"): no rule, example, catalogue entry or corpus row may come from them. LibreNMS's own
 * `tests/snmpsim/*.snmprec` captures are allowed (LibreNMS is); the separate snmpsim-data collection,
 * and murrant/librenms-snmpsim, named like it, are not used.
 */
export const RESERVED_SOURCES = /nuclei-templates|whatweb|ehole|routersploit|snmpsim-data|librenms-snmpsim|snmp-info|sysobject\.ids|ivre/i;
