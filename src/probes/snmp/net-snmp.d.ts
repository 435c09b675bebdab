/**
 * The part of net-snmp (which ships no types) that lanaudit uses: a v2c GET session, and the
 * agent and MIB the tests answer with. Values arrive from the network, so they stay `unknown`.
 */
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export interface Varbind {
    readonly oid: string;
    readonly type: number;
    readonly value: unknown;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    version?: number;
    idBitsSize?: 16 | 32;
  }

  export interface Session extends EventEmitter {
    get(oids: readonly string[], callback: (error: Error | null, varbinds?: readonly Varbind[]) => void): void;
    close(): Session;
  }

  export interface MibProviderDefinition {
    name: string;
    type: number;
    oid: string;
    scalarType?: number;
    maxAccess: number;
    /** A table provider's columns and index (the SNMPv3 loopback tests' ENTITY-MIB). */
    tableColumns?: readonly { number: number; name: string; type: number; maxAccess?: number }[];
    tableIndex?: readonly { columnName: string }[];
  }

  export interface Mib {
    registerProvider(definition: MibProviderDefinition): void;
    setScalarValue(name: string, value: string | Buffer): void;
    addTableRow(name: string, row: readonly (string | number | Buffer)[]): void;
  }

  export interface Authorizer {
    addCommunity(community: string): void;
    /** An SNMPv3 user (createV3Session's V3User). */
    addUser(user: { name: string; level: number; authProtocol?: number; authKey?: string; privProtocol?: number; privKey?: string }): void;
  }

  export interface AgentOptions {
    port?: number;
    address?: string | null;
    transport?: 'udp4' | 'udp6';
    disableAuthorization?: boolean;
  }

  export interface Agent {
    getMib(): Mib;
    getAuthorizer(): Authorizer;
    close(callback?: () => void): void;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createAgent(options: AgentOptions, callback: (error: Error | null, data: unknown) => void): Agent;
  export function isVarbindError(varbind: Varbind): boolean;

  export const Version2c: number;
  export const ObjectType: { readonly OctetString: number; readonly OID: number; readonly Integer: number };
  export const MibProviderType: { readonly Scalar: number; readonly Table: number };
  export const MaxAccess: { readonly 'read-only': number; readonly 'not-accessible': number };

  const snmp: {
    createSession: typeof createSession;
    createAgent: typeof createAgent;
    isVarbindError: typeof isVarbindError;
    Version2c: number;
    ObjectType: typeof ObjectType;
    MibProviderType: typeof MibProviderType;
    MaxAccess: typeof MaxAccess;
  };
  export default snmp;
}
