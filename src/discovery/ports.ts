/**
 * TCP ports tried on every address when the user names none: the services the flagged vendors'
 * devices answer on. 80/443/8000/8080/8443 web UIs, 554 RTSP (cameras, NVRs), 22/23/21 management
 * shells, 37777 Dahua's private protocol, 9100 printers. (SNMP 161 is UDP and has its own probe.)
 */
export const DEFAULT_PORTS: readonly number[] = Object.freeze([80, 443, 554, 22, 23, 21, 8000, 8080, 8443, 37777, 9100]);
