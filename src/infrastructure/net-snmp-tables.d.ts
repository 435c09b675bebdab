/**
 * What the infrastructure reads add to src/probes/snmp/net-snmp.d.ts: SNMPv3 sessions and GETBULK.
 * (An ambient module declared twice merges; net-snmp ships no types.)
 */
declare module 'net-snmp' {
  export interface Session {
    getBulk(
      oids: readonly string[],
      nonRepeaters: number,
      maxRepetitions: number,
      callback: (error: Error | null, varbinds?: readonly (Varbind | readonly Varbind[])[]) => void,
    ): void;
  }

  export interface SessionOptions {
    /** false: a reply whose OIDs do not increase is an error, not a loop to follow. */
    backwardsGetNexts?: boolean;
    reportOidMismatchErrors?: boolean;
  }

  export interface V3User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }

  export function createV3Session(target: string, user: V3User, options?: SessionOptions): Session;

  /** ResponseInvalidError's `code`: EOutOfOrder, a reply whose OIDs do not follow the request's. */
  export const ResponseInvalidCode: { readonly EOutOfOrder: number };

  export const Version3: number;
  export const SecurityLevel: { readonly authPriv: number; readonly authNoPriv: number; readonly noAuthNoPriv: number };
  export const AuthProtocols: { readonly md5: number; readonly sha: number; readonly sha224: number; readonly sha256: number; readonly sha384: number; readonly sha512: number };
  export const PrivProtocols: { readonly des: number; readonly aes: number; readonly aes256b: number; readonly aes256r: number };
}
