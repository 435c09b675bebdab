/** The discovery stage's public surface: engines that turn a scope into observations. */
export type { DiscoveryEngine, DiscoveryOptions, EngineName } from './engine.js';
export { DEFAULT_PORTS } from './ports.js';
export {
  chooseEngine,
  mayUseRawSockets,
  readEngineFacts,
  type EngineChoice,
  type EngineFacts,
} from './choose-engine.js';
export { createNativeEngine, nativeEngine, type NativeEngineDeps } from './native/native-engine.js';
export { ADDRESS_WINDOW, tableBudget, type TableBudget } from './native/table-pacing.js';
export { createNmapEngine, nmapArguments, type NmapEngineDeps, type SpawnNmap } from './nmap/nmap-engine.js';
export { findNmap, NMAP_INSTALL_HINT } from './nmap/nmap-binary.js';
export { parseNmapHost, parseNmapXml, type NmapParseOptions } from './nmap/nmap-xml.js';
export { parseIpNeighJson, parseProcNetArp, type NeighborEntry } from './native/neighbor-table.js';
